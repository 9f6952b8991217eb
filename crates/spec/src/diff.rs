//! Differences between two versions of a panel's spec.
