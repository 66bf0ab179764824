// A build allocates millions of small strings and template values across threads;
// mimalloc handles that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ! {
    briefing::cli::main()
}
