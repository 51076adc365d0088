fn main() {
    match fidelity_review::scale::pack::load_embedded() {
        Ok(scale) => println!("{} items", scale.items.len()),
        Err(e) => eprintln!("{e}"),
    }
}
