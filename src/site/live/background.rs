//! Work `serve` does after an edit is served rather than before: one `Worker` per kind of job
//! runs its jobs one at a time on a thread of its own, merging the requests that arrive while
//! it runs into one next run (the newest state wins), in a rayon pool of its own at a lower
//! scheduling priority, so the next edit's rendering neither queues behind its tasks in the
//! global pool nor shares the cores with it evenly. `wait` blocks until every request has run
//! (tests compare the served folder with a full build only then).
//!
//! Also the job for the files no one previews while editing (`DataJob`): the open data tables
//! of `/data/` and the feeds (sitemap, Atom, robots.txt), made from the graph of the last good
//! update and written where their bytes changed. A job holds that graph weakly: a request
//! waiting behind a running job (and a job making rows) would otherwise make the next edit
//! copy the whole graph to patch it (`Arc::make_mut`, tens of milliseconds at 10,000
//! reports). When the graph is gone by the time the job runs (an edit patched or replaced it,
//! and asked for a job of its own), the job leaves its tables and feeds to that next job
//! (`Owed`), which makes them from the newer graph.
//!
//! A `DataJob` stops before its next table once the session's `BuildOptions::cancel` is set.
//!
//! Owns scheduling only: what a job does is its own business (`Job::run`); it must not decide
//! what an edit affects.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::Instant;

use anyhow::Result;

use crate::cancel::{self, Cancel};
use crate::progress::Progress;
use crate::site::feeds;
use crate::site::graph::Graph;
use crate::site::opendata::{self, Tables};
use crate::site::output;

/// Work that can wait until after an edit is served.
pub(crate) trait Job: Send + 'static {
    /// One job doing the work of both, `later` being the newer request.
    fn merge(self, later: Self) -> Self;
    fn run(self);
}

/// Runs jobs of one kind in the background, one at a time, coalescing requests.
pub(crate) struct Worker<J: Job> {
    shared: Arc<Shared<J>>,
}

impl<J: Job> Clone for Worker<J> {
    fn clone(&self) -> Self {
        Worker { shared: Arc::clone(&self.shared) }
    }
}

struct Shared<J> {
    queue: Mutex<Queue<J>>,
    idle: Condvar,
    /// Threads of the job's own rayon pool.
    threads: usize,
}

struct Queue<J> {
    running: bool,
    next: Option<J>,
}

impl<J: Job> Worker<J> {
    /// A worker whose jobs run in a pool of `threads` threads.
    pub(crate) fn new(threads: usize) -> Worker<J> {
        let queue = Mutex::new(Queue { running: false, next: None });
        Worker { shared: Arc::new(Shared { queue, idle: Condvar::new(), threads: threads.max(1) }) }
    }

    /// Asks for `job` to run: now if nothing runs, else after the current run, merged with any
    /// request still waiting.
    pub(crate) fn request(&self, job: J) {
        let mut queue = self.lock();
        queue.next = Some(match queue.next.take() {
            Some(waiting) => waiting.merge(job),
            None => job,
        });
        if queue.running {
            return;
        }
        queue.running = true;
        let shared = Arc::clone(&self.shared);
        // Named, so a profile tells the background's samples from the edit's.
        let spawned = std::thread::Builder::new().name("jb-background".into()).spawn(move || drain(&shared));
        if spawned.is_err() {
            self.lock().running = false;
        }
    }

    /// Blocks until every request made so far has run.
    pub(crate) fn wait(&self) {
        let mut queue = self.lock();
        while queue.running || queue.next.is_some() {
            queue = self.shared.idle.wait(queue).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue<J>> {
        self.shared.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The worker thread: runs requests until none is waiting, then says it is idle.
fn drain<J: Job>(shared: &Shared<J>) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(shared.threads)
        .thread_name(|i| format!("jb-background-{i}"))
        .start_handler(|_| lower_priority())
        .build()
        .ok();
    lower_priority();
    loop {
        let job = {
            let mut queue = shared.queue.lock().unwrap_or_else(|e| e.into_inner());
            match queue.next.take() {
                Some(job) => job,
                None => {
                    queue.running = false;
                    shared.idle.notify_all();
                    return;
                }
            }
        };
        // A panicking job must not leave the worker marked as running forever.
        let run = std::panic::AssertUnwindSafe(|| match &pool {
            Some(pool) => pool.install(|| job.run()),
            None => job.run(),
        });
        if std::panic::catch_unwind(run).is_err() {
            eprintln!("warning: a background job stopped unexpectedly");
        }
    }
}

/// Background threads yield the cores to the edit being served (Linux: per-thread nice).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `gettid` has no preconditions; `setpriority` on our own thread id changes only
    // this thread's nice value, and failing (e.g. not permitted) changes nothing.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// How many edits are being applied now (`editing`), for background work to wait on
/// (`yield_to_edits`): niceness alone leaves a background thread a share of the cores (and of
/// the memory bus) that the first edit after start, while the search index is made, paid for.
static EDITS: Mutex<usize> = Mutex::new(0);
static EDITS_DONE: Condvar = Condvar::new();

/// Held while an edit is applied: background work pauses at its next `yield_to_edits`.
pub struct Editing(());

/// Background work pauses until no edit is being applied.
pub(crate) fn editing() -> Editing {
    *EDITS.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    Editing(())
}

impl Drop for Editing {
    fn drop(&mut self) {
        let mut edits = EDITS.lock().unwrap_or_else(|e| e.into_inner());
        *edits -= 1;
        if *edits == 0 {
            EDITS_DONE.notify_all();
        }
    }
}

/// Whether an edit is being applied (cheap: background steps ask it often).
pub(crate) fn edit_waiting() -> bool {
    *EDITS.lock().unwrap_or_else(|e| e.into_inner()) > 0
}

/// Returns once no edit is being applied (at once when none is). Background jobs call it
/// between their steps.
pub(crate) fn yield_to_edits() {
    let mut edits = EDITS.lock().unwrap_or_else(|e| e.into_inner());
    while *edits > 0 {
        edits = EDITS_DONE.wait(edits).unwrap_or_else(|e| e.into_inner());
    }
}

/// The open data tables and feeds as of the last good update, written where they changed.
pub(crate) struct DataJob {
    pub(crate) out: PathBuf,
    /// The graph of the update that asked; gone when a later update changed it.
    pub(crate) site: Weak<Graph>,
    pub(crate) tables: Tables,
    pub(crate) feeds: Feeds,
    /// Shared by the jobs of one worker.
    pub(crate) owed: Owed,
    pub(crate) progress: Progress,
    /// The session's build flag: set on Ctrl-C, the job stops before its next table.
    pub(crate) cancel: Cancel,
}

/// The work of jobs whose graph was gone when they ran, for the next job.
#[derive(Clone, Default)]
pub(crate) struct Owed(Arc<Mutex<Option<(Tables, Feeds)>>>);

impl Owed {
    fn lock(&self) -> MutexGuard<'_, Option<(Tables, Feeds)>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `job` with the work owed before it.
    fn take_into(&self, mut job: DataJob) -> DataJob {
        if let Some((tables, feeds)) = self.lock().take() {
            job.tables = tables.union(job.tables);
            job.feeds = feeds.merge(job.feeds);
        }
        job
    }

    fn leave(&self, tables: Tables, feeds: Feeds) {
        let mut owed = self.lock();
        *owed = Some(match owed.take() {
            Some((t, f)) => (t.union(tables), f.merge(feeds)),
            None => (tables, feeds),
        });
    }
}

/// Which feeds an edit changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Feeds {
    None,
    /// The Atom feed only (no page appeared, disappeared or changed date).
    Atom,
    /// All three; the sitemap lists the pages among these files (every file of the site).
    All(Vec<String>),
}

impl Feeds {
    /// The feeds of both edits: a later `Atom` changed no page or date, so an earlier
    /// listing still holds.
    fn merge(self, later: Feeds) -> Feeds {
        match (self, later) {
            (_, Feeds::All(files)) | (Feeds::All(files), _) => Feeds::All(files),
            (Feeds::Atom, _) | (_, Feeds::Atom) => Feeds::Atom,
            (Feeds::None, Feeds::None) => Feeds::None,
        }
    }
}

impl DataJob {
    /// The files written, or `None` when the graph was gone (the work is owed to the next job).
    /// A table at a time, pausing between them while an edit is applied and holding the graph
    /// only while a table's rows are made; when it is gone midway, what is left is owed.
    fn write(self) -> Result<Option<usize>> {
        let DataJob { out, site, tables, feeds, owed, cancel, .. } = self;
        let mut written = 0;
        let mut write = |files: Vec<crate::site::file::OutputFile>| -> Result<()> {
            for file in files {
                written += usize::from(output::replace_if_changed(&out, &file)?);
            }
            Ok(())
        };
        let mut left = tables;
        // No table still writes `datapackage.json`, as one snapshot of no table would.
        let steps: Vec<Tables> = match tables == Tables::NONE {
            true => vec![Tables::NONE],
            false => tables.each().collect(),
        };
        for table in steps {
            cancel.check()?;
            // A table whose rows an edit interrupted is made again after it, if its graph lives.
            let rows = loop {
                yield_to_edits();
                let Some(graph) = site.upgrade() else {
                    owed.leave(left, feeds);
                    return Ok(None);
                };
                // The next edit can then patch the graph in place rather than copy it.
                if let Some(rows) = opendata::snapshot_until(&graph, table, edit_waiting) {
                    break rows;
                }
            };
            write(rows.files())?;
            left = left.without(table);
        }
        yield_to_edits();
        let Some(graph) = site.upgrade() else {
            owed.leave(Tables::NONE, feeds);
            return Ok(None);
        };
        let files = match feeds {
            Feeds::None => Vec::new(),
            Feeds::Atom => vec![feeds::atom_only(&graph)?],
            Feeds::All(listed) => {
                let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
                feeds::feeds(&graph, &listed)?
            }
        };
        drop(graph);
        write(files)?;
        Ok(Some(written))
    }
}

impl Job for DataJob {
    fn merge(self, later: DataJob) -> DataJob {
        DataJob { tables: self.tables.union(later.tables), feeds: self.feeds.merge(later.feeds), ..later }
    }

    fn run(self) {
        let (started, progress) = (Instant::now(), self.progress);
        let owed = self.owed.clone();
        match owed.take_into(self).write() {
            Ok(None) => {}
            Ok(Some(written)) => progress.info(format!(
                "open data and feeds: {written} changed files written in the background in {} ms",
                started.elapsed().as_millis()
            )),
            Err(err) if cancel::is_cancelled(&err) => {}
            Err(err) => progress.warn(format!("open data: background write failed: {err:#}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts runs and remembers the sum of the values it was asked for.
    struct Add {
        value: usize,
        runs: Arc<AtomicUsize>,
        total: Arc<AtomicUsize>,
        gate: Arc<Mutex<()>>,
    }

    impl Job for Add {
        fn merge(self, later: Add) -> Add {
            Add { value: self.value + later.value, ..later }
        }
        fn run(self) {
            let _held = self.gate.lock().unwrap();
            self.runs.fetch_add(1, Ordering::SeqCst);
            self.total.fetch_add(self.value, Ordering::SeqCst);
        }
    }

    /// A job whose graph is gone writes nothing and leaves its tables and feeds to the next
    /// job, which does them with its own (an earlier sitemap listing gives way to a later one).
    #[test]
    fn a_job_whose_graph_is_gone_leaves_its_work_to_the_next() {
        let owed = Owed::default();
        let job = |tables, feeds| DataJob {
            out: PathBuf::from("/nonexistent/never-written"),
            site: Weak::new(),
            tables,
            feeds,
            owed: owed.clone(),
            progress: Progress::new(true),
            cancel: Cancel::default(),
        };
        assert!(job(Tables::REPORTS, Feeds::All(vec!["a".into()])).write().unwrap().is_none());
        assert!(job(Tables::LINKED, Feeds::None).write().unwrap().is_none());
        let next = owed.take_into(job(Tables::NONE, Feeds::Atom));
        assert!(next.tables == Tables::REPORTS.union(Tables::LINKED));
        assert_eq!(next.feeds, Feeds::All(vec!["a".into()]));
        assert!(owed.lock().is_none(), "owed work is done once");
        let later = owed.take_into(job(Tables::NONE, Feeds::All(vec!["b".into()])));
        assert!(later.tables == Tables::NONE && later.feeds == Feeds::All(vec!["b".into()]));
    }

    #[test]
    fn merged_feeds_keep_the_latest_listing() {
        let all = |f: &str| Feeds::All(vec![f.to_string()]);
        assert_eq!(Feeds::Atom.merge(all("b")), all("b"));
        assert_eq!(all("a").merge(Feeds::Atom), all("a"));
        assert_eq!(all("a").merge(all("b")), all("b"));
        assert_eq!(Feeds::None.merge(Feeds::Atom), Feeds::Atom);
    }

    #[test]
    fn requests_made_during_a_run_are_merged_into_one_more_run_and_wait_sees_them_done() {
        let (runs, total) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let gate = Arc::new(Mutex::new(()));
        let worker = Worker::new(1);
        let job = |value| Add { value, runs: runs.clone(), total: total.clone(), gate: gate.clone() };
        let held = gate.lock().unwrap();
        worker.request(job(1));
        // Wait on a condition, not a clock: the first run has started once it holds the thread.
        while worker.lock().next.is_some() {
            std::thread::yield_now();
        }
        worker.request(job(2));
        worker.request(job(3));
        drop(held);
        worker.wait();
        assert_eq!(total.load(Ordering::SeqCst), 6, "every request's work was done");
        assert_eq!(runs.load(Ordering::SeqCst), 2, "the two waiting requests ran as one");
    }
}
