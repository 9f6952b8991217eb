//! A fake panel that serves a spec over HTTP, validating requests like the real panel.
