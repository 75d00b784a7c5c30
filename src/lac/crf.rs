//! The CRF decoder of LAC: the best tag sequence (Viterbi) from each step's emission scores
//! and the learned tag-to-tag transition scores.
//!
//! Owns the search only; what the tags mean is the parent's business.

/// The highest-scoring tag path: `emissions` is `[len, tags]`, `transitions[from * tags + to]`.
pub(crate) fn decode(emissions: &[f32], transitions: &[f32], tags: usize) -> Vec<u8> {
    let len = emissions.len() / tags;
    if len == 0 {
        return Vec::new();
    }
    let mut score = emissions[..tags].to_vec();
    let mut best = vec![0.0f32; tags];
    let mut from_of = vec![0u8; tags];
    let mut back = vec![0u8; len * tags];
    for t in 1..len {
        // For every `to` at once, over ascending `from`: lane-independent, so it vectorises;
        // a strict `>` keeps the first best `from`, as the reference decoder does.
        best.fill(f32::NEG_INFINITY);
        for (from, &s) in score.iter().enumerate() {
            let row = &transitions[from * tags..][..tags];
            for to in 0..tags {
                let candidate = s + row[to];
                if candidate > best[to] {
                    best[to] = candidate;
                    from_of[to] = from as u8;
                }
            }
        }
        for to in 0..tags {
            score[to] = best[to] + emissions[t * tags + to];
        }
        back[t * tags..][..tags].copy_from_slice(&from_of);
    }
    let mut tag = argmax(&score);
    let mut path = vec![0u8; len];
    for t in (0..len).rev() {
        path[t] = tag as u8;
        tag = back[t * tags + tag] as usize;
    }
    path
}

/// The first index of the largest value (as numpy's argmax, which the reference decoder uses).
fn argmax(values: &[f32]) -> usize {
    values.iter().enumerate().fold(0, |best, (i, v)| if *v > values[best] { i } else { best })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_can_overrule_emissions() {
        // two tags; step 1 slightly prefers tag 0, but 1 → 0 is heavily penalised
        let emissions = [0.0, 5.0, 1.0, 0.9];
        let free = [0.0; 4];
        assert_eq!(decode(&emissions, &free, 2), vec![1, 0]);
        let no_one_to_zero = [0.0, 0.0, -10.0, 0.0];
        assert_eq!(decode(&emissions, &no_one_to_zero, 2), vec![1, 1]);
    }

    #[test]
    fn empty_and_single_steps() {
        assert!(decode(&[], &[0.0; 4], 2).is_empty());
        assert_eq!(decode(&[0.2, 0.7], &[0.0; 4], 2), vec![1]);
    }
}
