//! The JSON dump of a loaded panel.
