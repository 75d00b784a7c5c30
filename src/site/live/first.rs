//! The first pages of `serve`: a request that comes while the first build is still rendering
//! and writing the site is answered without waiting for the whole build.
//!
//! `FirstPages` is shared by the build and the server. The build hands it what it renders
//! with (`site::Ready`: the graph, the compiled templates, the Markdown renderer, the files
//! copied as they are) once the graph is built, before it renders any page; from then on a
//! request for one of the site's pages renders that page (the same renderer, the same
//! graph: the bytes the build writes), and a request for a static file gets it from memory.
//! Anything else (feeds, sitemap, redirect pages, a path that is no file of the site) waits
//! until the build is done and is then looked for on disk, as is everything once the build
//! is done (`done`, also when it failed or panicked: `Announcing` says so when dropped). So
//! a request is never answered with a 404 or a half-written file for a page the build is
//! about to write, and nothing answered differs from what is written.
//!
//! It owns no file and writes nothing; it must not know about HTTP (`serve` asks it for a
//! file path and gets bytes).

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use rustc_hash::FxHashMap;

use crate::site::Ready;
use crate::site::file::file_of;
use crate::site::render::Renderer;
use crate::site::views::{self, Page};

/// The pages of the first build, answered before they are written. Cheap to clone.
#[derive(Clone)]
pub struct FirstPages {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// Called once, when pages can first be answered.
    on_ready: Box<dyn Fn() + Send + Sync>,
}

enum State {
    /// Not yet loaded: every request waits.
    Loading,
    Ready(Arc<Answers>),
    /// The build is done (or failed): the files are on disk or nowhere.
    Done,
}

/// What a request can be answered with while the build runs.
struct Answers {
    ready: Ready,
    /// File path (`reports/x/index.html`) → its page.
    pages: FxHashMap<String, Page>,
    /// File path → index into `ready.copied`.
    copied: FxHashMap<String, usize>,
}

impl Answers {
    fn new(ready: Ready) -> Answers {
        let site = &ready.site;
        let pages = views::pages(site).into_iter().map(|p| (file_of(&views::path_of(site, p)), p)).collect();
        let copied = ready.copied.iter().enumerate().map(|(i, f)| (f.path.clone(), i)).collect();
        Answers { ready, pages, copied }
    }

    /// The first of `paths` that is a page or a copied file, and its bytes; `None` when none
    /// is, or for a page whose template fails (the build fails on it too, and says why).
    fn file(&self, paths: &[String]) -> Option<(usize, Vec<u8>)> {
        paths.iter().enumerate().find_map(|(n, path)| {
            if let Some(&i) = self.copied.get(path) {
                return Some((n, self.ready.copied[i].bytes.clone()));
            }
            let &page = self.pages.get(path)?;
            let Ready { site, templates, markdown, search, .. } = &self.ready;
            let renderer = Renderer::new(site, templates, markdown, *search);
            renderer.render(page).ok().map(|file| (n, file.bytes))
        })
    }
}

impl FirstPages {
    /// Pages waiting for a build; `on_ready` is called (on the build's thread) when they can
    /// first be answered.
    pub fn new(on_ready: impl Fn() + Send + Sync + 'static) -> FirstPages {
        let shared =
            Shared { state: Mutex::new(State::Loading), changed: Condvar::new(), on_ready: Box::new(on_ready) };
        FirstPages { shared: Arc::new(shared) }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The build can render pages now.
    pub(crate) fn ready(&self, ready: Ready) {
        let answers = Arc::new(Answers::new(ready));
        {
            let mut state = self.lock();
            if !matches!(*state, State::Loading) {
                return;
            }
            *state = State::Ready(answers);
        }
        self.shared.changed.notify_all();
        (self.shared.on_ready)();
    }

    /// The build is over: what it wrote is on disk. Lets go of the graph.
    pub(crate) fn done(&self) {
        let old = std::mem::replace(&mut *self.lock(), State::Done);
        self.shared.changed.notify_all();
        drop(old);
    }

    /// Whether the build is over (every file is on disk, or the build failed).
    pub fn is_done(&self) -> bool {
        matches!(*self.lock(), State::Done)
    }

    /// The first of `paths` (relative to the output folder, `/`-separated: `index.html`,
    /// `reports/x/index.html`, `style.css`) that is a file of the site the build is making,
    /// and its bytes, while the build has not written it; `None` when they are to be looked
    /// for on disk: the build is done, or no path is a page or copied file (then only once the
    /// build is done). Blocks until it knows.
    pub fn file(&self, paths: &[String]) -> Option<(usize, Vec<u8>)> {
        let mut state = self.lock();
        loop {
            match &*state {
                State::Loading => {}
                State::Done => return None,
                State::Ready(answers) => {
                    let answers = Arc::clone(answers);
                    drop(state);
                    // A page that fails is the build's error to report: it waits like the rest.
                    if let Some(found) = answers.file(paths) {
                        return Some(found);
                    }
                    drop(answers);
                    state = self.lock();
                    while matches!(*state, State::Ready(_)) {
                        state = self.shared.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
                    }
                    continue;
                }
            }
            state = self.shared.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Marks the build done when dropped, however it ends (an error, a panic).
    pub(crate) fn announcing(&self) -> Announcing<'_> {
        Announcing(self)
    }
}

/// `FirstPages::done` on drop.
pub(crate) struct Announcing<'a>(&'a FirstPages);

impl Announcing<'_> {
    /// What `make_announcing` calls with the renderer's parts.
    pub(crate) fn ready(&self, ready: Ready) {
        self.0.ready(ready);
    }
}

impl Drop for Announcing<'_> {
    fn drop(&mut self) {
        self.0.done();
    }
}
