//! The network of LAC: a bidirectional GRU layer run over a batch of sentences at once, with
//! the ONNX operator's semantics (gates z, r, h; `linear_before_reset = 1`; initial state
//! zero), and the one matrix product everything is built on.
//!
//! Owns arithmetic only: tensors in, tensors out. Batches are time-major (row `t * batch + b`
//! is step `t` of sentence `b`) with sentences sorted longest first, so the sentences still
//! running at any step are a prefix of the batch.

/// Width of each direction's hidden state.
pub(crate) const HIDDEN: usize = 128;
const GATES: usize = 3 * HIDDEN;

/// One direction's weights, as ONNX stores them.
pub(crate) struct Direction {
    /// `[3H, input]`: input weights of the z, r and h gates.
    pub(crate) w: Vec<f32>,
    /// `[H, 3H]`: recurrent weights, transposed (ONNX stores `[3H, H]`).
    pub(crate) r_t: Vec<f32>,
    /// `[3H]` input bias, then `[3H]` recurrent bias.
    pub(crate) b: Vec<f32>,
}

/// A bidirectional layer: its output concatenates the forward and the backward state.
pub(crate) struct BiGru {
    pub(crate) input: usize,
    pub(crate) forward: Direction,
    pub(crate) backward: Direction,
}

impl BiGru {
    /// `x`: `[steps * batch, input]`; `lens`: each sentence's length, longest first (`steps` is
    /// the first). Returns `[steps * batch, 2H]`; rows past a sentence's end are zero.
    pub(crate) fn run(&self, x: &[f32], lens: &[usize]) -> Vec<f32> {
        let batch = lens.len();
        let steps = lens.first().copied().unwrap_or(0);
        assert_eq!(x.len(), steps * batch * self.input, "input shape");
        let mut out = vec![0.0; steps * batch * 2 * HIDDEN];
        self.direction(&self.forward, x, lens, false, &mut out);
        let reversed = reverse_each(x, lens, self.input);
        self.direction(&self.backward, &reversed, lens, true, &mut out);
        out
    }

    /// Runs one direction over `x` (already reversed for the backward one) and writes its
    /// states into its half of `out`, at each state's position in the original order.
    fn direction(&self, d: &Direction, x: &[f32], lens: &[usize], backward: bool, out: &mut [f32]) {
        let batch = lens.len();
        let steps = lens[0];
        let mut inputs = vec![0.0; steps * batch * GATES];
        matmul_transposed(x, steps * batch, self.input, &d.w, GATES, &mut inputs);
        for row in inputs.chunks_exact_mut(GATES) {
            row.iter_mut().zip(&d.b[..GATES]).for_each(|(v, b)| *v += b);
        }
        let half = if backward { HIDDEN } else { 0 };
        recur(&inputs, d, lens, &mut |t, b, state| {
            let pos = if backward { lens[b] - 1 - t } else { t };
            out[(pos * batch + b) * 2 * HIDDEN + half..][..HIDDEN].copy_from_slice(state);
        });
    }
}

/// The recurrence of one direction: each step's state from the previous one and the input's
/// gate pre-activations `inputs` (`[steps * batch, 3H]`), handed to `emit(t, b, state)`. Runs
/// with AVX2 and FMA where the processor has them (the same arithmetic, eight lanes wide).
fn recur(inputs: &[f32], d: &Direction, lens: &[usize], emit: &mut dyn FnMut(usize, usize, &[f32])) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the features this function is compiled for were just detected.
        unsafe { recur_avx2(inputs, d, lens, emit) };
        return;
    }
    recur_portable(inputs, d, lens, emit);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn recur_avx2(inputs: &[f32], d: &Direction, lens: &[usize], emit: &mut dyn FnMut(usize, usize, &[f32])) {
    recur_portable(inputs, d, lens, emit);
}

#[inline(always)]
fn recur_portable(inputs: &[f32], d: &Direction, lens: &[usize], emit: &mut dyn FnMut(usize, usize, &[f32])) {
    let batch = lens.len();
    let mut h = vec![0.0; batch * HIDDEN];
    let mut recurrent = vec![0.0; batch * GATES];
    let mut gates = [0.0f32; 2 * HIDDEN];
    let rb = &d.b[GATES..];
    for t in 0..lens[0] {
        let active = lens.iter().take_while(|&&len| len > t).count();
        matmul(&h[..active * HIDDEN], active, HIDDEN, &d.r_t, GATES, &mut recurrent[..active * GATES]);
        for b in 0..active {
            let state = &mut h[b * HIDDEN..][..HIDDEN];
            let gh = &recurrent[b * GATES..][..GATES];
            let gx = &inputs[(t * batch + b) * GATES..][..GATES];
            for j in 0..2 * HIDDEN {
                gates[j] = gx[j] + gh[j] + rb[j];
            }
            sigmoid_all(&mut gates);
            let (z, r) = gates.split_at(HIDDEN);
            let mut n = [0.0f32; HIDDEN];
            for j in 0..HIDDEN {
                n[j] = gx[2 * HIDDEN + j] + r[j] * (gh[2 * HIDDEN + j] + rb[2 * HIDDEN + j]);
            }
            tanh_all(&mut n);
            for j in 0..HIDDEN {
                state[j] = (1.0 - z[j]) * n[j] + z[j] * state[j];
            }
            emit(t, b, state);
        }
    }
}

/// σ(x) = 1 / (1 + e^-x), in place.
#[inline(always)]
fn sigmoid_all(v: &mut [f32]) {
    for x in v.iter_mut() {
        *x = 1.0 / (1.0 + exp(-*x));
    }
}

/// tanh(x) = 2σ(2x) − 1, in place.
#[inline(always)]
fn tanh_all(v: &mut [f32]) {
    for x in v.iter_mut() {
        *x = 2.0 / (1.0 + exp(-2.0 * *x)) - 1.0;
    }
}

/// e^x to about 2e-6 relative error, branch-free so loops over it vectorise: x is split into
/// k·ln2 and r with |r| ≤ ln2/2, e^r comes from its Taylor polynomial to degree 6, and 2^k is
/// built in the exponent bits. Inputs are clamped to ±87, where σ and tanh are saturated.
#[inline(always)]
fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 87.0);
    let k = (x * std::f32::consts::LOG2_E).round();
    let r = x - k * std::f32::consts::LN_2;
    let p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    p * f32::from_bits(((k as i32 + 127) as u32) << 23)
}

/// Each sentence of a time-major batch read back to front, left-aligned (so the backward
/// direction runs as a forward one); padding stays zero.
fn reverse_each(x: &[f32], lens: &[usize], width: usize) -> Vec<f32> {
    let batch = lens.len();
    let mut out = vec![0.0; x.len()];
    for (b, &len) in lens.iter().enumerate() {
        for t in 0..len {
            let from = ((len - 1 - t) * batch + b) * width;
            out[(t * batch + b) * width..][..width].copy_from_slice(&x[from..from + width]);
        }
    }
    out
}

/// `c = a · b` for row-major `a` `[m, k]`, `b` `[k, n]`; `c` `[m, n]` is overwritten.
fn matmul(a: &[f32], m: usize, k: usize, b: &[f32], n: usize, c: &mut [f32]) {
    sgemm(a, m, k, b, (n as isize, 1), n, c);
}

/// `c = a · bᵀ` for row-major `a` `[m, k]` and `b` `[n, k]` (weights stored output-major, as
/// ONNX stores them); `c` is `[m, n]` and is overwritten.
pub(crate) fn matmul_transposed(a: &[f32], m: usize, k: usize, b: &[f32], n: usize, c: &mut [f32]) {
    sgemm(a, m, k, b, (1, k as isize), n, c);
}

/// `c = a · B` where `B` (`[k, n]`) is read from `b` with `b_strides` (row, column).
fn sgemm(a: &[f32], m: usize, k: usize, b: &[f32], b_strides: (isize, isize), n: usize, c: &mut [f32]) {
    assert!(a.len() >= m * k && b.len() >= n * k && c.len() >= m * n, "matrix shapes");
    if m == 0 {
        return;
    }
    // SAFETY: the assertion above keeps every index sgemm reads or writes inside the slices
    // (a is m×k with strides (k, 1); B is k×n within b's n·k values for either stride pair;
    // c is m×n with strides (n, 1)); c does not alias a or b (it is borrowed mutably).
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            b_strides.0,
            b_strides.1,
            0.0,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matmul_against_the_definition() {
        // a [2,3] · bᵀ with b [2,3]
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let b = [1.0, 0.0, -1.0, 0.5, 0.5, 0.5];
        let mut c = [0.0; 4];
        matmul_transposed(&a, 2, 3, &b, 2, &mut c);
        assert_eq!(c, [-2.0, 3.0, -2.0, 7.5]);
    }

    #[test]
    fn fast_exp_is_close_to_the_library_exp() {
        for i in -2000..=2000 {
            let x = i as f32 / 100.0;
            let (fast, exact) = (exp(x), x.exp());
            assert!((fast - exact).abs() <= 2e-6 * exact, "{x}: {fast} vs {exact}");
        }
        assert_eq!(exp(-200.0), exp(-87.0));
    }

    /// A layer whose weights are all zero but the recurrent bias of the z gate: every state
    /// stays zero, whatever the input; with a bias on the candidate (h gate, input side) of
    /// `v` and z at 0.5, each step moves the state half way towards tanh(v).
    #[test]
    fn states_follow_the_gru_update_in_both_directions() {
        let input = 2;
        let dir = || {
            let mut b = vec![0.0; 2 * GATES];
            b[2 * HIDDEN] = 1.0; // input bias of the h gate, unit 0
            Direction { w: vec![0.0; GATES * input], r_t: vec![0.0; GATES * HIDDEN], b }
        };
        let layer = BiGru { input, forward: dir(), backward: dir() };
        let lens = [3, 1];
        let x = vec![0.0; 3 * 2 * input];
        let out = layer.run(&x, &lens);
        let unit0 = |t: usize, b: usize, half: usize| out[(t * 2 + b) * 2 * HIDDEN + half];
        let target = 1.0f32.tanh();
        // forward, sentence 0: 0.5, 0.75, 0.875 of the way
        for (t, share) in [0.5, 0.75, 0.875].iter().enumerate() {
            assert!((unit0(t, 0, 0) - share * target).abs() < 1e-6);
        }
        // backward, sentence 0 starts at its last step
        assert!((unit0(2, 0, HIDDEN) - 0.5 * target).abs() < 1e-6);
        assert!((unit0(0, 0, HIDDEN) - 0.875 * target).abs() < 1e-6);
        // sentence 1 has one step: both directions took one update; its padding stays zero
        assert!((unit0(0, 1, 0) - 0.5 * target).abs() < 1e-6);
        assert!((unit0(0, 1, HIDDEN) - 0.5 * target).abs() < 1e-6);
        assert_eq!(unit0(1, 1, 0), 0.0);
    }
}
