//! Turns what a panel says about itself (`mgrctl -i`, metadata XML) into spec.
