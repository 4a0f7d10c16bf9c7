using System.Numerics;

namespace Nitrolyte.Dynamics;

/// <summary>
/// In-place complex FFT of a power-of-two length on split real/imaginary arrays (iterative radix-2,
/// decimation in time, precomputed twiddles). Used by the MSD: autocorrelations of position series.
/// One instance per length; not thread-safe across concurrent Transform calls on the same arrays.
/// </summary>
public sealed class Radix2Fft
{
    public int Length { get; }
    private readonly int _log2;
    private readonly double[] _cos, _sin; // twiddles for the full length, index k: exp(-2 pi i k / n)
    private readonly int[] _rev;

    public Radix2Fft(int length)
    {
        if (length < 2 || !BitOperations.IsPow2(length)) throw new ArgumentException("FFT length must be a power of two >= 2");
        Length = length;
        _log2 = BitOperations.Log2((uint)length);
        _cos = new double[length / 2];
        _sin = new double[length / 2];
        for (int k = 0; k < length / 2; k++)
        {
            double a = -2 * Math.PI * k / length;
            _cos[k] = Math.Cos(a);
            _sin[k] = Math.Sin(a);
        }
        _rev = new int[length];
        for (int i = 0; i < length; i++) _rev[i] = (int)(ReverseBits((uint)i) >> (32 - _log2));
    }

    public static int NextPow2(int n) => n <= 2 ? 2 : (int)BitOperations.RoundUpToPowerOf2((uint)n);

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555) | ((v & 0x55555555) << 1);
        v = ((v >> 2) & 0x33333333) | ((v & 0x33333333) << 2);
        v = ((v >> 4) & 0x0F0F0F0F) | ((v & 0x0F0F0F0F) << 4);
        v = ((v >> 8) & 0x00FF00FF) | ((v & 0x00FF00FF) << 8);
        return (v >> 16) | (v << 16);
    }

    /// <summary>Forward transform (sign −1) in place; <paramref name="inverse"/> uses sign +1 and does not scale.</summary>
    public void Transform(double[] re, double[] im, bool inverse = false)
    {
        int n = Length;
        if (re.Length < n || im.Length < n) throw new ArgumentException("arrays shorter than the FFT length");
        var rev = _rev;
        for (int i = 0; i < n; i++)
        {
            int j = rev[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        double sgn = inverse ? -1 : 1;
        // first two stages combined as radix-4 butterflies on contiguous quadruples
        if (n >= 4)
        {
            for (int i = 0; i < n; i += 4)
            {
                double r0 = re[i], i0 = im[i], r1 = re[i + 1], i1 = im[i + 1], r2 = re[i + 2], i2 = im[i + 2], r3 = re[i + 3], i3 = im[i + 3];
                double ar = r0 + r1, ai = i0 + i1, br = r0 - r1, bi = i0 - i1;
                double cr = r2 + r3, ci = i2 + i3, dr = r2 - r3, di = i2 - i3;
                // twiddle for (d): exp(-i pi/2) = -i (forward) -> (dr, di) * (-i) = (di, -dr)
                double tdr = sgn * di, tdi = -sgn * dr;
                re[i] = ar + cr; im[i] = ai + ci;
                re[i + 2] = ar - cr; im[i + 2] = ai - ci;
                re[i + 1] = br + tdr; im[i + 1] = bi + tdi;
                re[i + 3] = br - tdr; im[i + 3] = bi - tdi;
            }
        }
        else
        {
            double r0 = re[0], i0 = im[0];
            re[0] = r0 + re[1]; im[0] = i0 + im[1];
            re[1] = r0 - re[1]; im[1] = i0 - im[1];
            return;
        }
        var cos = _cos; var sin = _sin;
        for (int size = 8; size <= n; size <<= 1)
        {
            int half = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size)
            {
                int tw = 0;
                for (int k = 0; k < half; k++, tw += step)
                {
                    double wr = cos[tw], wi = sgn * sin[tw];
                    int a = start + k, b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr; im[b] = im[a] - xi;
                    re[a] += xr; im[a] += xi;
                }
            }
        }
    }
}
