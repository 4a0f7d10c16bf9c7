using Nitrolyte.Numerics;
namespace Nitrolyte.Dynamics;

/// <summary>
/// Mean squared displacement at every lag 0..N−1 (frames), averaged over all time origins and ions, per
/// Cartesian direction, plus the collective (centre-of-mass / charge) MSD of the same ions.
/// <see cref="Collective"/> follows the usual convention MSCD(t) = ⟨|Σᵢ Δrᵢ(t)|²⟩ / N_ions, so that
/// D_σ = MSCD slope / (2d) and the Haven ratio is D*/D_σ.
/// </summary>
public sealed class MsdResult
{
    public required int FrameCount { get; init; }
    public required int IonCount { get; init; }
    public required double FrameIntervalFs { get; init; }
    /// <summary>Total tracer MSD, Å², index = lag in frames.</summary>
    public required double[] Total { get; init; }
    /// <summary>Per-direction tracer MSD (x, y, z), Å².</summary>
    public required double[][] Directional { get; init; }
    public required double[] Collective { get; init; }
    public required double[][] CollectiveDirectional { get; init; }

    public double TimePs(int lag) => lag * FrameIntervalFs / 1000.0;
    /// <summary>Tracer MSD at a time (ps) by linear interpolation between lags.</summary>
    public double TotalAt(double timePs)
    {
        double l = timePs * 1000.0 / FrameIntervalFs;
        int i = (int)Math.Floor(l);
        if (i < 0 || i >= FrameCount - 1) return i == FrameCount - 1 && Math.Abs(l - i) < 1e-9 ? Total[i] : double.NaN;
        double f = l - i;
        return Total[i] * (1 - f) + Total[i + 1] * f;
    }
}

public static class MsdCalculator
{
    /// <summary>
    /// FFT algorithm (all time origins): for a series x of N frames, MSD(m) = [S1(m) − 2 S2(m)] / (N − m) with
    /// S2 the autocorrelation Σₖ xₖ xₖ₊ₘ (FFT of the zero-padded series, |X|², inverse FFT) and
    /// S1(m) = Σₖ₌₀^{N−m−1} (xₖ² + xₖ₊ₘ²) from prefix sums. Two real series share one complex FFT and only the
    /// summed power spectrum of each direction is inverted, so the cost is ~ions x 3 / 2 forward FFTs of length
    /// 2^⌈log2 2N⌉ plus 6 inverse ones. Memory: the displacement series plus a few FFT-length buffers.
    /// </summary>
    /// <param name="ions">indices into the set's stored atoms (default: all stored atoms)</param>
    public static MsdResult Compute(DisplacementSet set, double frameIntervalFs, int[]? ions = null, int maxDegreeOfParallelism = -1)
        => Compute(set, frameIntervalFs, ions, 0, set.FrameCount, maxDegreeOfParallelism);

    /// <summary>The MSD of the frames [<paramref name="firstFrame"/>, firstFrame + <paramref name="frameCount"/>) only (block averaging).</summary>
    public static MsdResult Compute(DisplacementSet set, double frameIntervalFs, int[]? ions, int firstFrame, int frameCount, int maxDegreeOfParallelism = -1)
    {
        ions ??= Enumerable.Range(0, set.IonCount).ToArray();
        if (ions.Length == 0) throw new Core.NitrolyteInputException("no ions selected for the MSD");
        if (firstFrame < 0 || frameCount < 2 || firstFrame + frameCount > set.FrameCount) throw new ArgumentOutOfRangeException(nameof(frameCount));
        int n = frameCount, o0 = firstFrame;
        var dir = new double[3][];
        var coll = new double[3][];
        for (int d = 0; d < 3; d++)
        {
            var series = ions.Select(i => set.Series[3 * i + d]).ToArray();
            dir[d] = SumMsd(series, n, maxDegreeOfParallelism, o0);
            for (int m = 0; m < n; m++) dir[d][m] /= ions.Length;
            var com = new double[n];
            foreach (var s in series) for (int t = 0; t < n; t++) com[t] += s[o0 + t];
            coll[d] = SumMsd([com], n, 1);
            for (int m = 0; m < n; m++) coll[d][m] /= ions.Length;
        }
        var total = new double[n];
        var ctotal = new double[n];
        for (int m = 0; m < n; m++) { total[m] = dir[0][m] + dir[1][m] + dir[2][m]; ctotal[m] = coll[0][m] + coll[1][m] + coll[2][m]; }
        return new MsdResult
        {
            FrameCount = n, IonCount = ions.Length, FrameIntervalFs = frameIntervalFs,
            Total = total, Directional = dir, Collective = ctotal, CollectiveDirectional = coll,
        };
    }

    /// <summary>Chunks the series are summed in (fixed, so results do not depend on the thread count).</summary>
    internal const int DeterministicChunks = 16;

    /// <summary>Σ over the series of their all-origin MSD (not divided by the number of series), lags 0..n−1.</summary>
    public static double[] SumMsd(IReadOnlyList<double[]> series, int n, int maxDegreeOfParallelism = -1, int offset = 0)
    {
        int len = BlockedFft.NextPow2(2 * n);
        var fft = BlockedFft.Of(len);
        int pairs = (series.Count + 1) / 2;
        var power = new double[len]; // Σ |Z_j|² in bit-reversed order
        var prefix = new double[n + 1];
        double total = 0;
        // A fixed number of chunks, each summed in series order and then reduced in chunk order: the result is the same
        // bit for bit whatever the number of threads or their scheduling (thread-local sums merged as threads finish
        // were not: D differed in the 13th digit between runs).
        int chunks = Math.Min(pairs, DeterministicChunks);
        var chunkPower = new double[chunks][];
        var chunkPrefix = new double[chunks][];
        var chunkTotal = new double[chunks];
        var opts = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : maxDegreeOfParallelism };
        Parallel.For(0, chunks, opts, c =>
        {
            var re = new double[len]; var im = new double[len]; var pw = new double[len]; var pre = new double[n + 1];
            double tot = 0;
            int from = (int)((long)pairs * c / chunks), to = (int)((long)pairs * (c + 1) / chunks);
            for (int p = from; p < to; p++)
            {
                var a = series[2 * p];
                var b = 2 * p + 1 < series.Count ? series[2 * p + 1] : null;
                // the forward transform writes the upper half without reading it: only [n, len/2) needs zeros
                Array.Copy(a, offset, re, 0, n);
                Array.Clear(re, n, len / 2 - n);
                if (b is not null) Array.Copy(b, offset, im, 0, n);
                else Array.Clear(im, 0, n);
                Array.Clear(im, n, len / 2 - n);
                // S1 ingredients: prefix sums of squares
                double acc = 0;
                for (int t = 0; t < n; t++)
                {
                    double q = a[offset + t] * a[offset + t];
                    if (b is not null) q += b[offset + t] * b[offset + t];
                    acc += q;
                    pre[t + 1] += acc;
                }
                tot += acc;
                fft.ForwardZeroPadded(re, im);
                BlockedFft.AccumulatePower(re, im, pw);
            }
            chunkPower[c] = pw; chunkPrefix[c] = pre; chunkTotal[c] = tot;
        });
        for (int c = 0; c < chunks; c++)
        {
            var pw = chunkPower[c]; var pre = chunkPrefix[c];
            for (int k = 0; k < len; k++) power[k] += pw[k];
            for (int t = 0; t <= n; t++) prefix[t] += pre[t];
            total += chunkTotal[c];
        }
        // Two real series x, y packed as z = x + i y satisfy |X_k|² + |Y_k|² = (|Z_k|² + |Z_{len−k}|²) / 2, so the
        // symmetrised summed power is the summed power of all real series. Position j holds frequency rev(j).
        var q2 = new double[len];
        for (int j = 0; j < len; j++)
        {
            int k = fft.Reverse(j);
            int partner = fft.Reverse((len - k) & (len - 1));
            q2[j] = 0.5 * (power[j] + power[partner]);
        }
        var im2 = new double[len];
        fft.InverseFromBitReversed(q2, im2); // natural order: Σ autocorrelations × len
        var msd = new double[n];
        for (int m = 0; m < n; m++)
        {
            double s2 = q2[m] / len;
            double s1 = prefix[n - m] + (total - prefix[m]);
            msd[m] = Math.Max(0, (s1 - 2 * s2) / (n - m));
        }
        msd[0] = 0;
        return msd;
    }

    /// <summary>
    /// Direct (O(N·lags·origins)) MSD at chosen lags over chosen time origins, for checks and for the
    /// pymatgen "constant" and single-origin modes: MSD(m) = mean over ions and origins t0 of |r(t0+m) − r(t0)|².
    /// </summary>
    public static double[] Direct(DisplacementSet set, int[] ions, IReadOnlyList<int> lags, Func<int, IEnumerable<int>> originsForLag)
    {
        var r = new double[lags.Count];
        for (int li = 0; li < lags.Count; li++)
        {
            int m = lags[li];
            double s = 0; long cnt = 0;
            foreach (var t0 in originsForLag(m))
            {
                if (t0 + m >= set.FrameCount) continue;
                foreach (var i in ions)
                    for (int d = 0; d < 3; d++)
                    {
                        var x = set.Series[3 * i + d];
                        double dx = x[t0 + m] - x[t0];
                        s += dx * dx;
                    }
                cnt++;
            }
            r[li] = cnt > 0 ? s / cnt / ions.Length : double.NaN;
        }
        return r;
    }
}
