//! Rebuilds when the bundled library changes, since it is embedded in the binary.

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    println!("cargo:rerun-if-changed=assets");
}
