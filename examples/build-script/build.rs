fn main() -> Result<(), Box<dyn std::error::Error>> {
    generator::build_script("../../spec/integration.yaml", "losant")?;
    Ok(())
}
