//! `e^x` for `x <= 0`, the terms of the log-sum-exps of the alignment search, computed
//! here rather than by the C library: a call to libm's `exp` (through its error-handling
//! wrapper) was 15% of the instructions of a long alignment, and its result depends on
//! which of its versions the CPU selects (with or without fused multiply-add), where this
//! one gives the same bits on every machine.
//!
//! The method is the usual one: `x = k ln 2 / 128 + r` with `k` an integer and
//! `|r| <= ln 2 / 256`, so `e^x = 2^(k / 128) e^r`, where `2^(j / 128)` comes from a table of the 128 values
//! (correctly rounded) and `e^r - 1` from its Taylor series to `r^5` (the first term left
//! out is below `6e-19`). The error is within about one unit in the last place.

/// `2^(j / 128)` for `j` in `0..128`, as the bits of the nearest `f64`.
const EXP2_TABLE: [u64; 128] = [
    0x3ff0000000000000,
    0x3ff0163da9fb3335,
    0x3ff02c9a3e778061,
    0x3ff04315e86e7f85,
    0x3ff059b0d3158574,
    0x3ff0706b29ddf6de,
    0x3ff0874518759bc8,
    0x3ff09e3ecac6f383,
    0x3ff0b5586cf9890f,
    0x3ff0cc922b7247f7,
    0x3ff0e3ec32d3d1a2,
    0x3ff0fb66affed31b,
    0x3ff11301d0125b51,
    0x3ff12abdc06c31cc,
    0x3ff1429aaea92de0,
    0x3ff15a98c8a58e51,
    0x3ff172b83c7d517b,
    0x3ff18af9388c8dea,
    0x3ff1a35beb6fcb75,
    0x3ff1bbe084045cd4,
    0x3ff1d4873168b9aa,
    0x3ff1ed5022fcd91d,
    0x3ff2063b88628cd6,
    0x3ff21f49917ddc96,
    0x3ff2387a6e756238,
    0x3ff251ce4fb2a63f,
    0x3ff26b4565e27cdd,
    0x3ff284dfe1f56381,
    0x3ff29e9df51fdee1,
    0x3ff2b87fd0dad990,
    0x3ff2d285a6e4030b,
    0x3ff2ecafa93e2f56,
    0x3ff306fe0a31b715,
    0x3ff32170fc4cd831,
    0x3ff33c08b26416ff,
    0x3ff356c55f929ff1,
    0x3ff371a7373aa9cb,
    0x3ff38cae6d05d866,
    0x3ff3a7db34e59ff7,
    0x3ff3c32dc313a8e5,
    0x3ff3dea64c123422,
    0x3ff3fa4504ac801c,
    0x3ff4160a21f72e2a,
    0x3ff431f5d950a897,
    0x3ff44e086061892d,
    0x3ff46a41ed1d0057,
    0x3ff486a2b5c13cd0,
    0x3ff4a32af0d7d3de,
    0x3ff4bfdad5362a27,
    0x3ff4dcb299fddd0d,
    0x3ff4f9b2769d2ca7,
    0x3ff516daa2cf6642,
    0x3ff5342b569d4f82,
    0x3ff551a4ca5d920f,
    0x3ff56f4736b527da,
    0x3ff58d12d497c7fd,
    0x3ff5ab07dd485429,
    0x3ff5c9268a5946b7,
    0x3ff5e76f15ad2148,
    0x3ff605e1b976dc09,
    0x3ff6247eb03a5585,
    0x3ff6434634ccc320,
    0x3ff6623882552225,
    0x3ff68155d44ca973,
    0x3ff6a09e667f3bcd,
    0x3ff6c012750bdabf,
    0x3ff6dfb23c651a2f,
    0x3ff6ff7df9519484,
    0x3ff71f75e8ec5f74,
    0x3ff73f9a48a58174,
    0x3ff75feb564267c9,
    0x3ff780694fde5d3f,
    0x3ff7a11473eb0187,
    0x3ff7c1ed0130c132,
    0x3ff7e2f336cf4e62,
    0x3ff80427543e1a12,
    0x3ff82589994cce13,
    0x3ff8471a4623c7ad,
    0x3ff868d99b4492ed,
    0x3ff88ac7d98a6699,
    0x3ff8ace5422aa0db,
    0x3ff8cf3216b5448c,
    0x3ff8f1ae99157736,
    0x3ff9145b0b91ffc6,
    0x3ff93737b0cdc5e5,
    0x3ff95a44cbc8520f,
    0x3ff97d829fde4e50,
    0x3ff9a0f170ca07ba,
    0x3ff9c49182a3f090,
    0x3ff9e86319e32323,
    0x3ffa0c667b5de565,
    0x3ffa309bec4a2d33,
    0x3ffa5503b23e255d,
    0x3ffa799e1330b358,
    0x3ffa9e6b5579fdbf,
    0x3ffac36bbfd3f37a,
    0x3ffae89f995ad3ad,
    0x3ffb0e07298db666,
    0x3ffb33a2b84f15fb,
    0x3ffb59728de5593a,
    0x3ffb7f76f2fb5e47,
    0x3ffba5b030a1064a,
    0x3ffbcc1e904bc1d2,
    0x3ffbf2c25bd71e09,
    0x3ffc199bdd85529c,
    0x3ffc40ab5fffd07a,
    0x3ffc67f12e57d14b,
    0x3ffc8f6d9406e7b5,
    0x3ffcb720dcef9069,
    0x3ffcdf0b555dc3fa,
    0x3ffd072d4a07897c,
    0x3ffd2f87080d89f2,
    0x3ffd5818dcfba487,
    0x3ffd80e316c98398,
    0x3ffda9e603db3285,
    0x3ffdd321f301b460,
    0x3ffdfc97337b9b5f,
    0x3ffe264614f5a129,
    0x3ffe502ee78b3ff6,
    0x3ffe7a51fbc74c83,
    0x3ffea4afa2a490da,
    0x3ffecf482d8e67f1,
    0x3ffefa1bee615a27,
    0x3fff252b376bba97,
    0x3fff50765b6e4540,
    0x3fff7bfdad9cbe14,
    0x3fffa7c1819e90d8,
    0x3fffd3c22b8f71f1,
];

/// `128 / ln 2`.
const INV_STEP: f64 = 184.664_965_233_787_3;
/// `ln 2 / 128` in two parts: the first with its low 32 bits zero, so that `k` times it is
/// exact for every `k` that occurs (`|k| < 2^17`).
const STEP_HI: f64 = f64::from_bits(0x3f76_2e42_0000_0000);
/// The rest of `ln 2 / 128`.
const STEP_LO: f64 = 3.710_410_186_743_494e-9;
/// `1.5 * 2^52`: adding it rounds a number of magnitude below `2^51` to an integer, held
/// in the low bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// `e^x` for `x <= 0`: `0` below `-708` (where `e^x` is at most 1.5 times the smallest
/// normal number, nothing to a sum that holds a term of 1), `NaN` for `NaN`; `x > 0` is
/// handed to the standard library.
#[inline]
pub(crate) fn exp_nonpositive(x: f64) -> f64 {
    if x < -708.0 {
        return 0.0;
    }
    if x.is_nan() {
        return x;
    }
    if x > 0.0 {
        return x.exp();
    }
    let z = x * INV_STEP + SHIFT;
    let k = z.to_bits() as i64 as i32;
    let kf = z - SHIFT;
    let r = (x - kf * STEP_HI) - kf * STEP_LO;
    // e^r - 1, Horner
    let q = r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0)))));
    let t = f64::from_bits(EXP2_TABLE[(k & 127) as usize]);
    let scale = f64::from_bits(((i64::from(k >> 7) + 1023) as u64) << 52);
    (t + t * q) * scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// How many representable numbers lie between `a` and `b`.
    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn table_holds_the_powers_of_two() {
        for (j, &bits) in EXP2_TABLE.iter().enumerate() {
            let want = (j as f64 / 128.0).exp2();
            assert!(ulps(f64::from_bits(bits), want) <= 1, "2^({j}/128)");
        }
    }

    #[test]
    fn the_split_step_is_ln2_over_128() {
        assert_eq!(STEP_HI + STEP_LO, std::f64::consts::LN_2 / 128.0);
        assert_eq!(
            STEP_HI.to_bits() & 0xffff_ffff,
            0,
            "low bits of the first part"
        );
        assert_eq!(INV_STEP, 128.0 / std::f64::consts::LN_2);
    }

    #[test]
    fn edges() {
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert_eq!(exp_nonpositive(-0.0), 1.0);
        assert_eq!(exp_nonpositive(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_nonpositive(-1000.0), 0.0);
        assert!(exp_nonpositive(f64::NAN).is_nan());
        assert_eq!(exp_nonpositive(1.5), 1.5f64.exp());
        assert!(ulps(exp_nonpositive(-708.0), (-708.0f64).exp()) <= 1);
    }

    #[test]
    fn within_one_ulp_on_a_grid() {
        let mut worst = 0;
        for i in 0..2_000_000u32 {
            let x = -(f64::from(i) * 3.54e-4);
            worst = worst.max(ulps(exp_nonpositive(x), x.exp()));
        }
        assert!(worst <= 1, "worst {worst} ulps");
    }

    proptest! {
        #[test]
        fn within_one_ulp_of_std(x in -708.0f64..=0.0) {
            prop_assert!(ulps(exp_nonpositive(x), x.exp()) <= 1);
        }

        #[test]
        fn within_one_ulp_near_zero(x in -1e-3f64..=0.0) {
            prop_assert!(ulps(exp_nonpositive(x), x.exp()) <= 1);
        }
    }
}
