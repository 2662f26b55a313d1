//! Raw bank → validated [`super::Bank`], collecting every error rather than stopping at the first.
