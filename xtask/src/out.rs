//! Writing to stdout without panicking when the reader goes away.
//!
//! `println!` panics with "failed printing to stdout" when stdout is a closed pipe
//! (`cargo xtask spec diff a b | head`). Commands print with [`outln!`] instead,
//! which returns the error; `main` treats a broken pipe as a normal end.

/// `println!` that returns `std::io::Result<()>` instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// `print!` that returns `std::io::Result<()>` instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut o = std::io::stdout().lock();
        write!(o, $($arg)*).and_then(|()| o.flush())
    }};
}

pub(crate) use {out, outln};

/// Whether an error is stdout's reader having gone away.
pub fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(e) = cur {
        if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
            return true;
        }
        cur = e.source();
    }
    false
}
