using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nitrolyte.Dynamics;

/// <summary>
/// The FFT pair the MSD needs, tuned for long series: a forward decimation-in-frequency transform of a
/// zero-padded input (upper half zero) that leaves its output in bit-reversed order, and an inverse
/// decimation-in-time transform that takes bit-reversed input and returns natural order — so no bit-reversal
/// permutation is ever done (the power spectrum is accumulated in bit-reversed order). Stages whose span fits
/// in cache (32,768 points) run block by block; butterflies use 256-bit SIMD when available; twiddles are stored
/// per stage so they are read contiguously. Radix 2, power-of-two lengths, split real/imaginary arrays.
/// </summary>
public sealed class BlockedFft
{
    public int Length { get; }
    private const int Block = 1 << 15;
    private readonly double[][] _c, _s; // per level L (half-span h = 2^L): cos(pi k / h), sin(pi k / h), k < h
    private readonly int[] _rev;

    public BlockedFft(int length)
    {
        if (length < 2 || !BitOperations.IsPow2(length)) throw new ArgumentException("FFT length must be a power of two >= 2");
        Length = length;
        int levels = BitOperations.Log2((uint)length);
        _c = new double[levels][]; _s = new double[levels][];
        for (int l = 0; l < levels; l++)
        {
            int h = 1 << l;
            _c[l] = new double[h]; _s[l] = new double[h];
            for (int k = 0; k < h; k++) { _c[l][k] = Math.Cos(Math.PI * k / h); _s[l][k] = Math.Sin(Math.PI * k / h); }
        }
        _rev = new int[length];
        for (int i = 0; i < length; i++) _rev[i] = (int)(ReverseBits((uint)i) >> (32 - levels));
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555) | ((v & 0x55555555) << 1);
        v = ((v >> 2) & 0x33333333) | ((v & 0x33333333) << 2);
        v = ((v >> 4) & 0x0F0F0F0F) | ((v & 0x0F0F0F0F) << 4);
        v = ((v >> 8) & 0x00FF00FF) | ((v & 0x00FF00FF) << 8);
        return (v >> 16) | (v << 16);
    }

    /// <summary>Bit-reversal index of i (output position j of <see cref="ForwardZeroPadded"/> holds frequency Reverse(j)).</summary>
    public int Reverse(int i) => _rev[i];

    /// <summary>Forward FFT (sign −1) of x whose upper half is zero; output in bit-reversed order.</summary>
    public void ForwardZeroPadded(double[] re, double[] im)
    {
        int n = Length, h = n / 2;
        // first stage: b = 0 → top = a, bottom = a·w
        {
            var c = _c[Level(h)]; var s = _s[Level(h)];
            for (int k = 0; k < h; k++)
            {
                double ar = re[k], ai = im[k];
                re[k + h] = ar * c[k] + ai * s[k];
                im[k + h] = ai * c[k] - ar * s[k];
            }
        }
        h >>= 1;
        for (; h >= 1 && 2 * h > Block; h >>= 1) DifStage(re, im, 0, n, h);
        if (h < 1) return;
        int top = h;
        for (int b = 0; b < n; b += 2 * top)
            for (int hh = top; hh >= 1; hh >>= 1) DifStage(re, im, b, b + 2 * top, hh);
    }

    /// <summary>Inverse FFT (sign +, unscaled) of bit-reversed input; output in natural order.</summary>
    public void InverseFromBitReversed(double[] re, double[] im)
    {
        int n = Length;
        int blockTop = Math.Min(Block / 2, n / 2);
        for (int b = 0; b < n; b += 2 * blockTop)
            for (int hh = 1; hh <= blockTop; hh <<= 1) DitStage(re, im, b, b + 2 * blockTop, hh);
        for (int h = blockTop * 2; h <= n / 2; h <<= 1) DitStage(re, im, 0, n, h);
    }

    private static int Level(int h) => BitOperations.Log2((uint)h);

    private void DifStage(double[] re, double[] im, int from, int to, int h)
    {
        var c = _c[Level(h)]; var s = _s[Level(h)];
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(re);
        ref double i0 = ref MemoryMarshal.GetArrayDataReference(im);
        ref double c0 = ref MemoryMarshal.GetArrayDataReference(c);
        ref double s0 = ref MemoryMarshal.GetArrayDataReference(s);
        if (h >= 4 && Vector256.IsHardwareAccelerated)
        {
            for (int st = from; st < to; st += 2 * h)
                for (int k = 0; k < h; k += 4)
                {
                    nuint a = (nuint)(st + k), b = (nuint)(st + k + h);
                    var ar = Vector256.LoadUnsafe(ref r0, a); var ai = Vector256.LoadUnsafe(ref i0, a);
                    var br = Vector256.LoadUnsafe(ref r0, b); var bi = Vector256.LoadUnsafe(ref i0, b);
                    var cc = Vector256.LoadUnsafe(ref c0, (nuint)k); var ss = Vector256.LoadUnsafe(ref s0, (nuint)k);
                    (ar + br).StoreUnsafe(ref r0, a); (ai + bi).StoreUnsafe(ref i0, a);
                    var dr = ar - br; var di = ai - bi;
                    (dr * cc + di * ss).StoreUnsafe(ref r0, b);
                    (di * cc - dr * ss).StoreUnsafe(ref i0, b);
                }
            return;
        }
        for (int st = from; st < to; st += 2 * h)
            for (int k = 0; k < h; k++)
            {
                int a = st + k, b = a + h;
                double ar = re[a], ai = im[a], br = re[b], bi = im[b];
                re[a] = ar + br; im[a] = ai + bi;
                double dr = ar - br, di = ai - bi;
                re[b] = dr * c[k] + di * s[k];
                im[b] = di * c[k] - dr * s[k];
            }
    }

    private void DitStage(double[] re, double[] im, int from, int to, int h)
    {
        var c = _c[Level(h)]; var s = _s[Level(h)];
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(re);
        ref double i0 = ref MemoryMarshal.GetArrayDataReference(im);
        ref double c0 = ref MemoryMarshal.GetArrayDataReference(c);
        ref double s0 = ref MemoryMarshal.GetArrayDataReference(s);
        if (h >= 4 && Vector256.IsHardwareAccelerated)
        {
            for (int st = from; st < to; st += 2 * h)
                for (int k = 0; k < h; k += 4)
                {
                    nuint a = (nuint)(st + k), b = (nuint)(st + k + h);
                    var ar = Vector256.LoadUnsafe(ref r0, a); var ai = Vector256.LoadUnsafe(ref i0, a);
                    var br = Vector256.LoadUnsafe(ref r0, b); var bi = Vector256.LoadUnsafe(ref i0, b);
                    var cc = Vector256.LoadUnsafe(ref c0, (nuint)k); var ss = Vector256.LoadUnsafe(ref s0, (nuint)k);
                    var tr = br * cc - bi * ss; var ti = br * ss + bi * cc;
                    (ar + tr).StoreUnsafe(ref r0, a); (ai + ti).StoreUnsafe(ref i0, a);
                    (ar - tr).StoreUnsafe(ref r0, b); (ai - ti).StoreUnsafe(ref i0, b);
                }
            return;
        }
        for (int st = from; st < to; st += 2 * h)
            for (int k = 0; k < h; k++)
            {
                int a = st + k, b = a + h;
                double br = re[b] * c[k] - im[b] * s[k], bi = re[b] * s[k] + im[b] * c[k];
                double ar = re[a], ai = im[a];
                re[a] = ar + br; im[a] = ai + bi;
                re[b] = ar - br; im[b] = ai - bi;
            }
    }

    /// <summary>Adds |X_j|² to <paramref name="power"/> (in the transform's bit-reversed order).</summary>
    public static void AccumulatePower(double[] re, double[] im, double[] power)
    {
        int n = power.Length, k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double r0 = ref MemoryMarshal.GetArrayDataReference(re);
            ref double i0 = ref MemoryMarshal.GetArrayDataReference(im);
            ref double p0 = ref MemoryMarshal.GetArrayDataReference(power);
            for (; k + 4 <= n; k += 4)
            {
                var r = Vector256.LoadUnsafe(ref r0, (nuint)k); var i = Vector256.LoadUnsafe(ref i0, (nuint)k);
                (Vector256.LoadUnsafe(ref p0, (nuint)k) + r * r + i * i).StoreUnsafe(ref p0, (nuint)k);
            }
        }
        for (; k < n; k++) power[k] += re[k] * re[k] + im[k] * im[k];
    }
}
