//! Code written against the crate of `old.yaml` (the library `client`), as its docs say to
//! write it: structs built with `new` and `with_` setters, fields read by name, a `match` on an
//! enum or union ending with `_`, optional parameters set on the call.

use client::Client;
use client::types::{Kind, Owner, Person, Pet};

pub fn build() -> Pet {
    Pet::new("Rex".into())
        .with_kind(Kind::Dog)
        .with_owner(Owner::Person(Person::new("Ann".into())))
}

pub fn describe(pet: &Pet) -> String {
    let Pet { name, .. } = pet;
    let kind = match &pet.kind {
        Some(Kind::Cat) => "cat",
        Some(Kind::Dog) => "dog",
        Some(_) => "another kind",
        None => "not told",
    };
    let owner = match &pet.owner {
        Some(Owner::Person(person)) => person.person.as_str(),
        Some(Owner::Company(company)) => company.company.as_str(),
        Some(_) => "someone else",
        None => "nobody",
    };
    format!("{name}, a {kind} of {owner}")
}

pub fn rename(pet: &mut Pet) {
    pet.name.push_str(" II");
    pet.kind = Some(Kind::Cat);
}

pub async fn fetch(client: &Client, id: &str) -> Option<String> {
    client.get_pet(id).await.ok().map(|pet| describe(&pet))
}

pub async fn dogs(client: &Client) -> usize {
    client.list_pets().kind(&Kind::Dog).await.map_or(0, |pets| pets.len())
}
