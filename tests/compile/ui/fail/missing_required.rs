// A record needs its zone (`plid`) and `name`: leaving one out does not compile.
use panelkit_tests::mini;

fn main() {
    let _record = mini::DomainSublistEdit::new("example.com");
}
