//! Questions generated from a bank's model (attribution, certainty, roles, causes).
