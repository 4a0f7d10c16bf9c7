using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nitrolyte.Numerics;

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
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, BlockedFft> Cache = new();

    /// <summary>The smallest power of two ≥ n (and ≥ 2): the padded length for a linear autocorrelation.</summary>
    public static int NextPow2(int n) => n <= 2 ? 2 : (int)BitOperations.RoundUpToPowerOf2((uint)n);

    /// <summary>A shared instance per length (the tables are read-only, so instances are thread-safe).</summary>
    public static BlockedFft Of(int length) => Cache.GetOrAdd(length, l => new BlockedFft(l));
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
            int k = 0;
            if (h >= 4 && Vector256.IsHardwareAccelerated)
            {
                ref double r0 = ref MemoryMarshal.GetArrayDataReference(re);
                ref double i0 = ref MemoryMarshal.GetArrayDataReference(im);
                ref double c0 = ref MemoryMarshal.GetArrayDataReference(c);
                ref double s0 = ref MemoryMarshal.GetArrayDataReference(s);
                for (; k < h; k += 4)
                {
                    var ar = Vector256.LoadUnsafe(ref r0, (nuint)k); var ai = Vector256.LoadUnsafe(ref i0, (nuint)k);
                    var cc = Vector256.LoadUnsafe(ref c0, (nuint)k); var ss = Vector256.LoadUnsafe(ref s0, (nuint)k);
                    (ar * cc + ai * ss).StoreUnsafe(ref r0, (nuint)(k + h));
                    (ai * cc - ar * ss).StoreUnsafe(ref i0, (nuint)(k + h));
                }
            }
            for (; k < h; k++)
            {
                double ar = re[k], ai = im[k];
                re[k + h] = ar * c[k] + ai * s[k];
                im[k + h] = ai * c[k] - ar * s[k];
            }
        }
        h >>= 1;
        while (h >= 1 && 2 * h > Block)
        {
            if (h >= 2) { DifStage4(re, im, 0, n, h / 2); h >>= 2; }
            else { DifStage(re, im, 0, n, h); h >>= 1; }
        }
        if (h < 1) return;
        int top = h;
        int levelsInBlock = BitOperations.Log2((uint)top) + 1;
        for (int b = 0; b < n; b += 2 * top)
        {
            int hh = top;
            if (levelsInBlock % 2 == 1) { DifStage(re, im, b, b + 2 * top, hh); hh >>= 1; } // so the last pair is (2, 1)
            while (hh >= 4) { DifStage4(re, im, b, b + 2 * top, hh / 2); hh >>= 2; }
            if (hh == 2) DifLast4(re, im, b, b + 2 * top);
        }
    }

    /// <summary>Inverse FFT (sign +, unscaled) of bit-reversed input; output in natural order.</summary>
    public void InverseFromBitReversed(double[] re, double[] im)
    {
        int n = Length;
        int blockTop = Math.Min(Block / 2, n / 2);
        int levels = BitOperations.Log2((uint)blockTop) + 1; // half-spans 1 .. blockTop
        for (int b = 0; b < n; b += 2 * blockTop)
        {
            int hh = 1;
            if (levels % 2 == 1) { DitStage(re, im, b, b + 2 * blockTop, 1); hh = 2; }
            for (; hh <= blockTop; hh <<= 2) DitStage4(re, im, b, b + 2 * blockTop, hh);
        }
        int h2 = blockTop * 2;
        while (h2 <= n / 2)
        {
            if (2 * h2 <= n / 2) { DitStage4(re, im, 0, n, h2); h2 <<= 2; }
            else { DitStage(re, im, 0, n, h2); h2 <<= 1; }
        }
    }

    /// <summary>The last two DIF stages (half-spans 2 and 1): all twiddles are 1 or −i, so no multiplications.</summary>
    private static void DifLast4(double[] re, double[] im, int from, int to)
    {
        for (int p0 = from; p0 < to; p0 += 4)
        {
            double x0r = re[p0], x0i = im[p0], x1r = re[p0 + 1], x1i = im[p0 + 1], x2r = re[p0 + 2], x2i = im[p0 + 2], x3r = re[p0 + 3], x3i = im[p0 + 3];
            double y0r = x0r + x2r, y0i = x0i + x2i, y2r = x0r - x2r, y2i = x0i - x2i;
            double y1r = x1r + x3r, y1i = x1i + x3i, y3r = x1i - x3i, y3i = x3r - x1r; // (x1 − x3)(−i)
            re[p0] = y0r + y1r; im[p0] = y0i + y1i;
            re[p0 + 1] = y0r - y1r; im[p0 + 1] = y0i - y1i;
            re[p0 + 2] = y2r + y3r; im[p0 + 2] = y2i + y3i;
            re[p0 + 3] = y2r - y3r; im[p0 + 3] = y2i - y3i;
        }
    }

    /// <summary>Two DIF stages (half-spans 2q then q) in one pass.</summary>
    private void DifStage4(double[] re, double[] im, int from, int to, int q)
    {
        var c1 = _c[Level(2 * q)]; var s1 = _s[Level(2 * q)]; var c2 = _c[Level(q)]; var s2 = _s[Level(q)];
        if (q >= 4 && Vector256.IsHardwareAccelerated)
        {
            ref double r0 = ref MemoryMarshal.GetArrayDataReference(re);
            ref double i0 = ref MemoryMarshal.GetArrayDataReference(im);
            ref double c10 = ref MemoryMarshal.GetArrayDataReference(c1); ref double s10 = ref MemoryMarshal.GetArrayDataReference(s1);
            ref double c20 = ref MemoryMarshal.GetArrayDataReference(c2); ref double s20 = ref MemoryMarshal.GetArrayDataReference(s2);
            for (int st = from; st < to; st += 4 * q)
                for (int k = 0; k < q; k += 4)
                {
                    nuint p0 = (nuint)(st + k), p1 = p0 + (nuint)q, p2 = p1 + (nuint)q, p3 = p2 + (nuint)q;
                    var x0r = Vector256.LoadUnsafe(ref r0, p0); var x0i = Vector256.LoadUnsafe(ref i0, p0);
                    var x1r = Vector256.LoadUnsafe(ref r0, p1); var x1i = Vector256.LoadUnsafe(ref i0, p1);
                    var x2r = Vector256.LoadUnsafe(ref r0, p2); var x2i = Vector256.LoadUnsafe(ref i0, p2);
                    var x3r = Vector256.LoadUnsafe(ref r0, p3); var x3i = Vector256.LoadUnsafe(ref i0, p3);
                    var w1c = Vector256.LoadUnsafe(ref c10, (nuint)k); var w1s = Vector256.LoadUnsafe(ref s10, (nuint)k);
                    var w2c = Vector256.LoadUnsafe(ref c20, (nuint)k); var w2s = Vector256.LoadUnsafe(ref s20, (nuint)k);
                    var y0r = x0r + x2r; var y0i = x0i + x2i;
                    var tr = x0r - x2r; var ti = x0i - x2i;
                    var y2r = tr * w1c + ti * w1s; var y2i = ti * w1c - tr * w1s;
                    var y1r = x1r + x3r; var y1i = x1i + x3i;
                    var ur = x1r - x3r; var ui = x1i - x3i;
                    var pr = ur * w1c + ui * w1s; var pi = ui * w1c - ur * w1s;
                    var y3r = pi; var y3i = -pr;
                    (y0r + y1r).StoreUnsafe(ref r0, p0); (y0i + y1i).StoreUnsafe(ref i0, p0);
                    var dr = y0r - y1r; var di = y0i - y1i;
                    (dr * w2c + di * w2s).StoreUnsafe(ref r0, p1); (di * w2c - dr * w2s).StoreUnsafe(ref i0, p1);
                    (y2r + y3r).StoreUnsafe(ref r0, p2); (y2i + y3i).StoreUnsafe(ref i0, p2);
                    var er = y2r - y3r; var ei = y2i - y3i;
                    (er * w2c + ei * w2s).StoreUnsafe(ref r0, p3); (ei * w2c - er * w2s).StoreUnsafe(ref i0, p3);
                }
            return;
        }
        for (int st = from; st < to; st += 4 * q)
            for (int k = 0; k < q; k++)
            {
                int p0 = st + k, p1 = p0 + q, p2 = p1 + q, p3 = p2 + q;
                double a1 = c1[k], b1 = s1[k], a2 = c2[k], b2 = s2[k];
                double y0r = re[p0] + re[p2], y0i = im[p0] + im[p2];
                double tr = re[p0] - re[p2], ti = im[p0] - im[p2];
                double y2r = tr * a1 + ti * b1, y2i = ti * a1 - tr * b1;
                double y1r = re[p1] + re[p3], y1i = im[p1] + im[p3];
                double ur = re[p1] - re[p3], ui = im[p1] - im[p3];
                double pr = ur * a1 + ui * b1, pi = ui * a1 - ur * b1;
                double y3r = pi, y3i = -pr;
                re[p0] = y0r + y1r; im[p0] = y0i + y1i;
                double dr = y0r - y1r, di = y0i - y1i;
                re[p1] = dr * a2 + di * b2; im[p1] = di * a2 - dr * b2;
                re[p2] = y2r + y3r; im[p2] = y2i + y3i;
                double er = y2r - y3r, ei = y2i - y3i;
                re[p3] = er * a2 + ei * b2; im[p3] = ei * a2 - er * b2;
            }
    }

    /// <summary>Two DIT stages (half-spans q then 2q) in one pass.</summary>
    private void DitStage4(double[] re, double[] im, int from, int to, int q)
    {
        var c1 = _c[Level(2 * q)]; var s1 = _s[Level(2 * q)]; var c2 = _c[Level(q)]; var s2 = _s[Level(q)];
        if (q >= 4 && Vector256.IsHardwareAccelerated)
        {
            ref double r0 = ref MemoryMarshal.GetArrayDataReference(re);
            ref double i0 = ref MemoryMarshal.GetArrayDataReference(im);
            ref double c10 = ref MemoryMarshal.GetArrayDataReference(c1); ref double s10 = ref MemoryMarshal.GetArrayDataReference(s1);
            ref double c20 = ref MemoryMarshal.GetArrayDataReference(c2); ref double s20 = ref MemoryMarshal.GetArrayDataReference(s2);
            for (int st = from; st < to; st += 4 * q)
                for (int k = 0; k < q; k += 4)
                {
                    nuint p0 = (nuint)(st + k), p1 = p0 + (nuint)q, p2 = p1 + (nuint)q, p3 = p2 + (nuint)q;
                    var x0r = Vector256.LoadUnsafe(ref r0, p0); var x0i = Vector256.LoadUnsafe(ref i0, p0);
                    var x1r = Vector256.LoadUnsafe(ref r0, p1); var x1i = Vector256.LoadUnsafe(ref i0, p1);
                    var x2r = Vector256.LoadUnsafe(ref r0, p2); var x2i = Vector256.LoadUnsafe(ref i0, p2);
                    var x3r = Vector256.LoadUnsafe(ref r0, p3); var x3i = Vector256.LoadUnsafe(ref i0, p3);
                    var w1c = Vector256.LoadUnsafe(ref c10, (nuint)k); var w1s = Vector256.LoadUnsafe(ref s10, (nuint)k);
                    var w2c = Vector256.LoadUnsafe(ref c20, (nuint)k); var w2s = Vector256.LoadUnsafe(ref s20, (nuint)k);
                    var ar = x1r * w2c - x1i * w2s; var ai = x1r * w2s + x1i * w2c;
                    var y0r = x0r + ar; var y0i = x0i + ai; var y1r = x0r - ar; var y1i = x0i - ai;
                    var br = x3r * w2c - x3i * w2s; var bi = x3r * w2s + x3i * w2c;
                    var y2r = x2r + br; var y2i = x2i + bi; var y3r = x2r - br; var y3i = x2i - bi;
                    var tr = y2r * w1c - y2i * w1s; var ti = y2r * w1s + y2i * w1c;
                    (y0r + tr).StoreUnsafe(ref r0, p0); (y0i + ti).StoreUnsafe(ref i0, p0);
                    (y0r - tr).StoreUnsafe(ref r0, p2); (y0i - ti).StoreUnsafe(ref i0, p2);
                    var pr = y3r * w1c - y3i * w1s; var pi = y3r * w1s + y3i * w1c;
                    var ur = -pi; var ui = pr;
                    (y1r + ur).StoreUnsafe(ref r0, p1); (y1i + ui).StoreUnsafe(ref i0, p1);
                    (y1r - ur).StoreUnsafe(ref r0, p3); (y1i - ui).StoreUnsafe(ref i0, p3);
                }
            return;
        }
        for (int st = from; st < to; st += 4 * q)
            for (int k = 0; k < q; k++)
            {
                int p0 = st + k, p1 = p0 + q, p2 = p1 + q, p3 = p2 + q;
                double a1 = c1[k], b1 = s1[k], a2 = c2[k], b2 = s2[k];
                double ar = re[p1] * a2 - im[p1] * b2, ai = re[p1] * b2 + im[p1] * a2;
                double y0r = re[p0] + ar, y0i = im[p0] + ai, y1r = re[p0] - ar, y1i = im[p0] - ai;
                double br = re[p3] * a2 - im[p3] * b2, bi = re[p3] * b2 + im[p3] * a2;
                double y2r = re[p2] + br, y2i = im[p2] + bi, y3r = re[p2] - br, y3i = im[p2] - bi;
                double tr = y2r * a1 - y2i * b1, ti = y2r * b1 + y2i * a1;
                re[p0] = y0r + tr; im[p0] = y0i + ti; re[p2] = y0r - tr; im[p2] = y0i - ti;
                double pr = y3r * a1 - y3i * b1, pi = y3r * b1 + y3i * a1;
                double ur = -pi, ui = pr;
                re[p1] = y1r + ur; im[p1] = y1i + ui; re[p3] = y1r - ur; im[p3] = y1i - ui;
            }
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
