//! The weight container of `data/lac/lac.f16` (written by `data/tools/make_lac.py`): named
//! tensors of half floats, widened to `f32` as they are read.
//!
//! Owns the byte format only; it knows nothing of what the tensors mean.

use std::collections::HashMap;

use anyhow::{Context, Result, bail, ensure};

const MAGIC: &[u8; 8] = b"JBLAC\x00\x00\x01";

/// One tensor: its shape and its values as stored (little-endian half floats).
#[derive(Debug)]
pub(crate) struct Tensor<'a> {
    pub(crate) shape: Vec<usize>,
    raw: &'a [u8],
}

impl<'a> Tensor<'a> {
    /// All values as `f32`, row-major.
    pub(crate) fn to_f32(&self) -> Vec<f32> {
        self.raw.chunks_exact(2).map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32()).collect()
    }

    /// The raw half floats, for tensors too large to widen whole (the embedding).
    pub(crate) fn raw(&self) -> &'a [u8] {
        self.raw
    }
}

/// Every tensor of a container, by name.
pub(crate) fn read(bytes: &[u8]) -> Result<HashMap<String, Tensor<'_>>> {
    let mut r = Reader { bytes, at: 0 };
    ensure!(r.take(8)? == MAGIC, "not a jianbao LAC weight file (bad magic)");
    let count = r.u32()?;
    let mut tensors = HashMap::new();
    for _ in 0..count {
        let len = r.u16()? as usize;
        let name = std::str::from_utf8(r.take(len)?).context("tensor name is not UTF-8")?.to_string();
        let rank = r.take(1)?[0] as usize;
        let shape = (0..rank).map(|_| r.u32().map(|d| d as usize)).collect::<Result<Vec<_>>>()?;
        let values: usize = shape.iter().product();
        let raw = r.take(values * 2).with_context(|| format!("tensor {name} is cut short"))?;
        tensors.insert(name, Tensor { shape, raw });
    }
    ensure!(r.at == bytes.len(), "{} bytes after the last tensor", bytes.len() - r.at);
    Ok(tensors)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let Some(slice) = self.bytes.get(self.at..self.at + n) else {
            bail!("weight file ends at byte {} (wanted {n} more)", self.bytes.len());
        };
        self.at += n;
        Ok(slice)
    }

    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().expect("two bytes")))
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("four bytes")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(tensors: &[(&str, &[usize], &[f32])]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((tensors.len() as u32).to_le_bytes());
        for (name, shape, values) in tensors {
            out.extend((name.len() as u16).to_le_bytes());
            out.extend(name.as_bytes());
            out.push(shape.len() as u8);
            for d in *shape {
                out.extend((*d as u32).to_le_bytes());
            }
            for v in *values {
                out.extend(half::f16::from_f32(*v).to_le_bytes());
            }
        }
        out
    }

    #[test]
    fn tensors_are_read_by_name_with_their_shape() {
        let bytes = container(&[("a", &[2, 2], &[1.0, -2.0, 0.5, 3.0]), ("b", &[1], &[7.0])]);
        let t = read(&bytes).unwrap();
        assert_eq!(t["a"].shape, vec![2, 2]);
        assert_eq!(t["a"].to_f32(), vec![1.0, -2.0, 0.5, 3.0]);
        assert_eq!(t["b"].to_f32(), vec![7.0]);
    }

    #[test]
    fn a_cut_or_foreign_file_is_an_error() {
        let bytes = container(&[("a", &[2, 2], &[1.0, -2.0, 0.5, 3.0])]);
        assert!(read(&bytes[..bytes.len() - 1]).unwrap_err().to_string().contains("cut short"));
        assert!(read(b"PK\x03\x04....").unwrap_err().to_string().contains("bad magic"));
    }
}
