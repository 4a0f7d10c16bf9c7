using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Diffraction;

/// <summary>Radiation presets (Å). Cu Kα is the Kα1/Kα2 weighted mean, as in pymatgen.</summary>
public static class Wavelengths
{
    public static readonly IReadOnlyDictionary<string, double> Presets = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["CuKa"] = 1.54184, ["CuKa1"] = 1.54056, ["CuKa2"] = 1.54439,
        ["MoKa"] = 0.71073, ["MoKa1"] = 0.70930, ["MoKa2"] = 0.71359,
        ["AgKa"] = 0.560885, ["AgKa1"] = 0.559421, ["CoKa"] = 1.79026, ["CrKa"] = 2.29100, ["FeKa"] = 1.93735,
    };

    /// <summary>A preset name or a number in Å.</summary>
    public static double Parse(string text)
    {
        if (Presets.TryGetValue(text.Trim(), out var w)) return w;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out w))
        {
            if (w > 0 && w < 20) return w;
            throw new NitrolyteInputException($"wavelength {text} Å is out of range (must be above 0 and below 20 Å)");
        }
        throw new NitrolyteInputException($"wavelength '{text}' is neither a preset ({string.Join(", ", Presets.Keys)}) nor a number of Å");
    }
}

public sealed record DiffractionOptions
{
    public double WavelengthA { get; init; } = 1.54184;
    public double TwoThetaMinDeg { get; init; }
    public double TwoThetaMaxDeg { get; init; } = 90;
    /// <summary>Neutrons: coherent scattering lengths and the Lorentz factor 1/(sin²θ cosθ) (no polarisation factor).</summary>
    public bool Neutron { get; init; }
    /// <summary>Isotropic displacement (Debye-Waller) B per element, Å²: intensity factor exp(−B s²) on each f.</summary>
    public IReadOnlyDictionary<string, double>? DebyeWallerB { get; init; }
    /// <summary>Scale so that the strongest peak is 100.</summary>
    public bool Scaled { get; init; } = true;
}

public sealed record HklFamily(int[] Hkl, int Multiplicity);

/// <summary>A powder peak: all reflections within 1e-5° of 2θ, their intensity sum, d of the first and the hkl families.</summary>
public sealed record DiffractionPeak(double TwoThetaDeg, double Intensity, double DA, IReadOnlyList<HklFamily> Families)
{
    public int[] Hkl => Families[0].Hkl;
    public int Multiplicity => Families[0].Multiplicity;
}

public sealed record DiffractionPattern(double WavelengthA, bool Neutron, IReadOnlyList<DiffractionPeak> Peaks);

/// <summary>
/// Powder diffraction peaks (SCIENCE.md 6): every reciprocal-lattice vector g with 2θ in range,
/// I = |F(hkl)|² × LP, F = Σ_j occ_j f_j(s) exp(−B_j s²) exp(2πi g·r_j) with s = |g|/2 = sin θ/λ; X-ray
/// LP = (1 + cos²2θ)/(sin²θ cos θ), neutron L = 1/(sin²θ cos θ). Reflections whose 2θ agree within 1e-5° form one
/// peak; hkl that are signed permutations of one another form a family whose size is the multiplicity (the
/// way pymatgen's XRDCalculator groups them, so that peak lists compare one to one). Peaks below 1e-3 % of the
/// strongest are dropped. Hexagonal cells report Miller-Bravais (h k i l).
/// </summary>
public static class PowderPattern
{
    public const double TwoThetaTolDeg = 1e-5;
    public const double ScaledIntensityTol = 1e-3;
    /// <summary>Largest (h,k,l) search box accepted (about 1.6 GB of reflection list at the worst).</summary>
    public const double MaxIndexTriples = 5e7;

    public static DiffractionPattern Compute(Structure s, DiffractionOptions opt)
    {
        double lambda = opt.WavelengthA;
        if (lambda <= 0) throw new NitrolyteInputException("wavelength must be positive");
        if (opt.TwoThetaMaxDeg <= opt.TwoThetaMinDeg || opt.TwoThetaMaxDeg > 180 || opt.TwoThetaMinDeg < 0)
            throw new NitrolyteInputException($"2θ range {opt.TwoThetaMinDeg}-{opt.TwoThetaMaxDeg}° is not valid (0 ≤ min < max ≤ 180)");
        double minR = 2 * Math.Sin(opt.TwoThetaMinDeg * Math.PI / 360) / lambda;
        double maxR = 2 * Math.Sin(opt.TwoThetaMaxDeg * Math.PI / 360) / lambda;

        // scatterers: one entry per (site, species). Plain arrays and loops here, no LINQ or lists of tuples: generic
        // code over value types is not precompiled by the ReadyToRun build, and the JIT time it would cost is a large
        // part of a whole `xrd` process (docs/performance.md, "Start-up").
        var elements = new List<string>();
        int ns = 0;
        foreach (var site in s.Sites)
            foreach (var sp in site.Species)
            {
                ns++;
                if (!elements.Contains(sp.Element)) elements.Add(sp.Element);
            }
        int nel = elements.Count;
        var xray = opt.Neutron ? null : new ScatteringFactors.XrayCoefficients[nel];
        var bcoh = opt.Neutron ? new double[nel] : null;
        var dw = new double[nel];
        for (int e = 0; e < nel; e++)
        {
            if (opt.Neutron) bcoh![e] = ScatteringFactors.NeutronLengthFm(elements[e]);
            else xray![e] = ScatteringFactors.XrayFor(elements[e]);
            dw[e] = opt.DebyeWallerB is not null && opt.DebyeWallerB.TryGetValue(elements[e], out var b) ? b : 0;
        }
        var scEl = new int[ns];
        var scOcc = new double[ns];
        var scX = new double[ns];
        var scY = new double[ns];
        var scZ = new double[ns];
        int js = 0;
        foreach (var site in s.Sites)
            foreach (var sp in site.Species)
            {
                scEl[js] = elements.IndexOf(sp.Element); scOcc[js] = sp.Occupancy;
                scX[js] = site.FracA; scY[js] = site.FracB; scZ[js] = site.FracC;
                js++;
            }

        // reciprocal lattice (crystallographic, no 2π): g = h a* + k b* + l c*, |h| ≤ |g| |a|
        var inv = s.Lattice.InverseMatrix;   // columns of inverse = reciprocal vectors
        double[] Rec(int i) => [inv[0, i], inv[1, i], inv[2, i]];
        var ra = Rec(0); var rb = Rec(1); var rc = Rec(2);
        int hmax = (int)Math.Floor(maxR * s.Lattice.A + 1e-9), kmax = (int)Math.Floor(maxR * s.Lattice.B + 1e-9), lmax = (int)Math.Floor(maxR * s.Lattice.C + 1e-9);
        // Refuse instead of running for hours or exhausting memory: a 20,000-atom cell (68 Å) needs ~2e6 index
        // triples at Cu Kα to 90°; a cell of 1e6 Å would need 1e19.
        double box = (2.0 * hmax + 1) * (2.0 * kmax + 1) * (2.0 * lmax + 1);
        if (box > MaxIndexTriples)
            throw new NitrolyteInputException($"the 2θ range {opt.TwoThetaMinDeg}-{opt.TwoThetaMaxDeg}° at λ = {lambda} Å spans {box:0.#e0} (h,k,l) triples " +
                                              $"for this {s.Lattice.A:0.##} × {s.Lattice.B:0.##} × {s.Lattice.C:0.##} Å cell (limit {MaxIndexTriples:0e0}): use a smaller cell or 2θ range");
        var rh = new IntBuffer(); var rk = new IntBuffer(); var rl = new IntBuffer(); var rg = new DoubleBuffer();
        for (int h = -hmax; h <= hmax; h++)
        for (int k = -kmax; k <= kmax; k++)
        for (int l = -lmax; l <= lmax; l++)
        {
            if (h == 0 && k == 0 && l == 0) continue;
            double gx = h * ra[0] + k * rb[0] + l * rc[0], gy = h * ra[1] + k * rb[1] + l * rc[1], gz = h * ra[2] + k * rb[2] + l * rc[2];
            double g = Math.Sqrt(gx * gx + gy * gy + gz * gz);
            if (g > maxR || g < minR || g == 0) continue;
            rh.Add(h); rk.Add(k); rl.Add(l); rg.Add(g);
        }
        int nr = rg.Count;
        var RH = rh.Items; var RK = rk.Items; var RL = rl.Items; var RG = rg.Items;
        // by |g|, then -h, -k, -l (pymatgen's order; which of two accidentally coincident families comes first
        // then depends on rounding in the last digit of |g|, in pymatgen as here): a total order, so any sort gives it
        var reflOrder = SortedIndex(nr, (p, q) =>
        {
            int c = RG[p].CompareTo(RG[q]);
            if (c != 0) return c;
            c = RH[q].CompareTo(RH[p]); if (c != 0) return c;
            c = RK[q].CompareTo(RK[p]); if (c != 0) return c;
            return RL[q].CompareTo(RL[p]);
        });

        // phase factors exp(2πi h x) per scatterer and index, as separate real and imaginary rows; the product of the
        // a and b factors is kept per (h, k) once computed (reflections come in |g| order, so (h, k) recur), within a memory cap
        var (pxr, pxi) = Powers(scX, hmax);
        var (pyr, pyi) = Powers(scY, kmax);
        var (pzr, pzi) = Powers(scZ, lmax);
        int nk = 2 * kmax + 1;
        bool cacheXy = (2.0 * hmax + 1) * nk * ns * 16 <= 64e6;
        var xyr = cacheXy ? new double[(2 * hmax + 1) * nk][] : null;
        var xyi = cacheXy ? new double[(2 * hmax + 1) * nk][] : null;
        var tr = new double[ns];
        var ti = new double[ns];
        var fEl = new double[nel];
        bool hex = IsHexagonal(s.Lattice);

        var tt = new DoubleBuffer();
        var inten = new DoubleBuffer();
        var dval = new DoubleBuffer();
        var hkls = new List<List<int[]>>();
        for (int ri = 0; ri < nr; ri++)
        {
            int r = reflOrder[ri];
            int h = RH[r], k = RK[r], l = RL[r];
            double g = RG[r];
            double sth = lambda * g / 2;
            if (sth > 1) continue;
            double theta = Math.Asin(sth);
            double s2 = g * g / 4;
            for (int e = 0; e < nel; e++)
                fEl[e] = (opt.Neutron ? bcoh![e] : xray![e].F0(s2)) * (dw[e] != 0 ? Math.Exp(-dw[e] * s2) : 1);
            double fr = 0, fi = 0;
            double[] abr, abi;
            int hk = (h + hmax) * nk + (k + kmax);
            if (cacheXy && xyr![hk] is { } cr) { abr = cr; abi = xyi![hk]; }
            else
            {
                abr = cacheXy ? new double[ns] : tr; abi = cacheXy ? new double[ns] : ti;
                var xr = pxr[h + hmax]; var xi = pxi[h + hmax]; var yr = pyr[k + kmax]; var yi = pyi[k + kmax];
                // the complex product x·y, written out as System.Numerics.Complex's operator * computes it
                for (int j = 0; j < ns; j++)
                {
                    abr[j] = xr[j] * yr[j] - xi[j] * yi[j];
                    abi[j] = xi[j] * yr[j] + xr[j] * yi[j];
                }
                if (cacheXy) { xyr![hk] = abr; xyi![hk] = abi; }
            }
            var zr = pzr[l + lmax]; var zi = pzi[l + lmax];
            for (int j = 0; j < ns; j++)
            {
                double phr = abr[j] * zr[j] - abi[j] * zi[j];
                double phi = abi[j] * zr[j] + abr[j] * zi[j];
                double w = fEl[scEl[j]] * scOcc[j];
                fr += w * phr;
                fi += w * phi;
            }
            double i2 = fr * fr + fi * fi;
            double sin = Math.Sin(theta), cos = Math.Cos(theta);
            double lp = opt.Neutron ? 1 / (sin * sin * cos) : (1 + Math.Pow(Math.Cos(2 * theta), 2)) / (sin * sin * cos);
            double twoTheta = 2 * theta * 180 / Math.PI;
            int[] idx = hex ? [h, k, -h - k, l] : [h, k, l];
            int found = -1;
            var T = tt.Items;
            for (int j = tt.Count - 1; j >= 0 && T[j] > twoTheta - 1e-3; j--)
                if (Math.Abs(T[j] - twoTheta) < TwoThetaTolDeg) found = j;
            if (found >= 0)
            {
                inten.Items[found] += i2 * lp;
                hkls[found].Add(idx);
            }
            else
            {
                tt.Add(twoTheta);
                inten.Add(i2 * lp);
                dval.Add(1 / g);
                hkls.Add([idx]);
            }
        }
        if (tt.Count == 0) return new DiffractionPattern(lambda, opt.Neutron, []);
        var TT = tt.Items; var IN = inten.Items; var DV = dval.Items;
        double max = IN[0];
        for (int i = 1; i < inten.Count; i++) if (IN[i] > max) max = IN[i];
        var peaks = new List<DiffractionPeak>();
        // by 2θ, stable (equal 2θ keep their order of discovery)
        var order = SortedIndex(tt.Count, (p, q) => TT[p].CompareTo(TT[q]));
        foreach (var i in order)
        {
            if (max <= 0 || IN[i] / max * 100 <= ScaledIntensityTol) continue;
            peaks.Add(new DiffractionPeak(TT[i], opt.Scaled ? IN[i] / max * 100 : IN[i], DV[i], Families(hkls[i])));
        }
        return new DiffractionPattern(lambda, opt.Neutron, peaks);
    }

    /// <summary>A growable int array (non-generic on purpose: precompiled by ReadyToRun, unlike List of int).</summary>
    private sealed class IntBuffer
    {
        public int[] Items = new int[256];
        public int Count;
        public void Add(int v) { if (Count == Items.Length) Array.Resize(ref Items, 2 * Count); Items[Count++] = v; }
    }

    private sealed class DoubleBuffer
    {
        public double[] Items = new double[256];
        public int Count;
        public void Add(double v) { if (Count == Items.Length) Array.Resize(ref Items, 2 * Count); Items[Count++] = v; }
    }

    /// <summary>0..n−1 sorted by <paramref name="compare"/>: a stable merge sort (the same order as OrderBy).</summary>
    private static int[] SortedIndex(int n, Func<int, int, int> compare)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        var tmp = new int[n];
        for (int width = 1; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                int i = lo, j = mid, o = lo;
                while (i < mid && j < hi) tmp[o++] = compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
                while (i < mid) tmp[o++] = a[i++];
                while (j < hi) tmp[o++] = a[j++];
            }
            (a, tmp) = (tmp, a);
        }
        return a;
    }

    private static (double[][] Re, double[][] Im) Powers(double[] x, int nmax)
    {
        var re = new double[2 * nmax + 1][];
        var im = new double[2 * nmax + 1][];
        for (int h = -nmax; h <= nmax; h++)
        {
            var r = new double[x.Length];
            var i = new double[x.Length];
            for (int j = 0; j < x.Length; j++)
            {
                double a = 2 * Math.PI * h * x[j];
                r[j] = Math.Cos(a); i[j] = Math.Sin(a);
            }
            re[h + nmax] = r; im[h + nmax] = i;
        }
        return (re, im);
    }

    /// <summary>Groups hkl that are signed permutations of each other; the representative is the largest (lexicographic), the multiplicity the count.</summary>
    public static IReadOnlyList<HklFamily> Families(List<int[]> hkls)
    {
        var keys = new List<int[]>();
        var best = new List<int[]>();
        var counts = new List<int[]>(); // one-element arrays: a List of reference types is precompiled, a List of int is not
        foreach (var h in hkls)
        {
            var key = new int[h.Length];
            for (int c = 0; c < h.Length; c++)
            {
                int v = Math.Abs(h[c]), d = c; // insertion sort of the 3 or 4 absolute indices
                while (d > 0 && key[d - 1] > v) { key[d] = key[d - 1]; d--; }
                key[d] = v;
            }
            int i = -1;
            for (int t = 0; t < keys.Count && i < 0; t++)
                if (Compare(keys[t], key) == 0) i = t;
            if (i < 0) { keys.Add(key); best.Add(h); counts.Add([1]); }
            else
            {
                if (Compare(h, best[i]) > 0) best[i] = h;
                counts[i][0]++;
            }
        }
        var list = new List<HklFamily>(keys.Count);
        for (int t = 0; t < keys.Count; t++) list.Add(new HklFamily(best[t], counts[t][0]));
        return list;
    }

    private static int Compare(int[] a, int[] b)
    {
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return 0;
    }

    /// <summary>a ≈ b and angles ≈ 90, 90, 120 (within 5°), as pymatgen's Lattice.is_hexagonal.</summary>
    public static bool IsHexagonal(Lattice l)
    {
        double[] lengths = [l.A, l.B, l.C];
        double[] angles = [l.AlphaDeg, l.BetaDeg, l.GammaDeg];
        var right = Enumerable.Range(0, 3).Where(i => Math.Abs(angles[i] - 90) < 5).ToList();
        var hexA = Enumerable.Range(0, 3).Where(i => Math.Abs(angles[i] - 60) < 5 || Math.Abs(angles[i] - 120) < 5).ToList();
        return right.Count == 2 && hexA.Count == 1 && Math.Abs(lengths[right[0]] - lengths[right[1]]) < 0.01;
    }

    /// <summary>
    /// Pseudo-Voigt profile on a 2θ grid: each peak spread with FWHM² = U tan²θ + V tanθ + W (Caglioti, deg²) and
    /// mixing η (0 = Gauss, 1 = Lorentz); area of each peak = its intensity, then the profile maximum is scaled to 100.
    /// </summary>
    public static (double[] TwoThetaDeg, double[] Intensity) Profile(DiffractionPattern p, double minDeg, double maxDeg, double stepDeg = 0.01,
        double u = 0.004, double v = -0.002, double w = 0.004, double eta = 0.5)
    {
        if (stepDeg <= 0 || maxDeg <= minDeg) throw new NitrolyteInputException("profile range/step not valid");
        int n = (int)Math.Floor((maxDeg - minDeg) / stepDeg) + 1;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++) x[i] = minDeg + i * stepDeg;
        foreach (var pk in p.Peaks)
        {
            double t = Math.Tan(pk.TwoThetaDeg * Math.PI / 360);
            double fwhm = Math.Sqrt(Math.Max(u * t * t + v * t + w, 1e-6));
            double sg = fwhm / (2 * Math.Sqrt(2 * Math.Log(2)));
            double gam = fwhm / 2;
            int lo = Math.Max(0, (int)((pk.TwoThetaDeg - 20 * fwhm - minDeg) / stepDeg));
            int hi = Math.Min(n - 1, (int)((pk.TwoThetaDeg + 20 * fwhm - minDeg) / stepDeg) + 1);
            for (int i = lo; i <= hi; i++)
            {
                double d = x[i] - pk.TwoThetaDeg;
                double g = Math.Exp(-d * d / (2 * sg * sg)) / (sg * Math.Sqrt(2 * Math.PI));
                double lz = gam / (Math.PI * (d * d + gam * gam));
                y[i] += pk.Intensity * (eta * lz + (1 - eta) * g);
            }
        }
        double m = y.Length > 0 ? y.Max() : 0;
        if (m > 0) for (int i = 0; i < n; i++) y[i] = y[i] / m * 100;
        return (x, y);
    }
}
