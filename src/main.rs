fn main() {
    println!("Dossier");
}
