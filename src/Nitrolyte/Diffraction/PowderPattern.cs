using System.Numerics;
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

        // scatterers: one entry per (site, species)
        var elements = s.Sites.SelectMany(x => x.Species).Select(x => x.Element).Distinct().ToList();
        var xray = opt.Neutron ? null : elements.Select(ScatteringFactors.XrayFor).ToArray();
        var bcoh = opt.Neutron ? elements.Select(ScatteringFactors.NeutronLengthFm).ToArray() : null;
        var dw = elements.Select(e => opt.DebyeWallerB is not null && opt.DebyeWallerB.TryGetValue(e, out var b) ? b : 0).ToArray();
        var scatterers = new List<(int El, double Occ, double X, double Y, double Z)>();
        foreach (var site in s.Sites)
            foreach (var sp in site.Species)
                scatterers.Add((elements.IndexOf(sp.Element), sp.Occupancy, site.FracA, site.FracB, site.FracC));
        int ns = scatterers.Count;

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
        var refl = new List<(int H, int K, int L, double G)>();
        for (int h = -hmax; h <= hmax; h++)
        for (int k = -kmax; k <= kmax; k++)
        for (int l = -lmax; l <= lmax; l++)
        {
            if (h == 0 && k == 0 && l == 0) continue;
            double gx = h * ra[0] + k * rb[0] + l * rc[0], gy = h * ra[1] + k * rb[1] + l * rc[1], gz = h * ra[2] + k * rb[2] + l * rc[2];
            double g = Math.Sqrt(gx * gx + gy * gy + gz * gz);
            if (g > maxR || g < minR || g == 0) continue;
            refl.Add((h, k, l, g));
        }
        refl.Sort((p, q) =>
        {
            // by |g|, then -h, -k, -l (pymatgen's order; which of two accidentally coincident families comes first
            // then depends on rounding in the last digit of |g|, in pymatgen as here)
            int c = p.G.CompareTo(q.G);
            if (c != 0) return c;
            c = q.H.CompareTo(p.H); if (c != 0) return c;
            c = q.K.CompareTo(p.K); if (c != 0) return c;
            return q.L.CompareTo(p.L);
        });

        // phase factors exp(2πi h x) by recurrence, per scatterer and index
        var px = Powers(scatterers.Select(t => t.X).ToArray(), hmax);
        var py = Powers(scatterers.Select(t => t.Y).ToArray(), kmax);
        var pz = Powers(scatterers.Select(t => t.Z).ToArray(), lmax);
        var fEl = new double[elements.Count];
        bool hex = IsHexagonal(s.Lattice);

        var tt = new List<double>();
        var inten = new List<double>();
        var dval = new List<double>();
        var hkls = new List<List<int[]>>();
        foreach (var (h, k, l, g) in refl)
        {
            double sth = lambda * g / 2;
            if (sth > 1) continue;
            double theta = Math.Asin(sth);
            double s2 = g * g / 4;
            for (int e = 0; e < elements.Count; e++)
                fEl[e] = (opt.Neutron ? bcoh![e] : xray![e].F0(s2)) * (dw[e] != 0 ? Math.Exp(-dw[e] * s2) : 1);
            double fr = 0, fi = 0;
            var rowX = px[h + hmax]; var rowY = py[k + kmax]; var rowZ = pz[l + lmax];
            for (int j = 0; j < ns; j++)
            {
                var ph = rowX[j] * rowY[j] * rowZ[j];
                double w = fEl[scatterers[j].El] * scatterers[j].Occ;
                fr += w * ph.Real;
                fi += w * ph.Imaginary;
            }
            double i2 = fr * fr + fi * fi;
            double sin = Math.Sin(theta), cos = Math.Cos(theta);
            double lp = opt.Neutron ? 1 / (sin * sin * cos) : (1 + Math.Pow(Math.Cos(2 * theta), 2)) / (sin * sin * cos);
            double twoTheta = 2 * theta * 180 / Math.PI;
            int[] idx = hex ? [h, k, -h - k, l] : [h, k, l];
            int found = -1;
            for (int j = tt.Count - 1; j >= 0 && tt[j] > twoTheta - 1e-3; j--)
                if (Math.Abs(tt[j] - twoTheta) < TwoThetaTolDeg) found = j;
            if (found >= 0)
            {
                inten[found] += i2 * lp;
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
        double max = inten.Max();
        var peaks = new List<DiffractionPeak>();
        var order = Enumerable.Range(0, tt.Count).OrderBy(i => tt[i]);
        foreach (var i in order)
        {
            if (max <= 0 || inten[i] / max * 100 <= ScaledIntensityTol) continue;
            peaks.Add(new DiffractionPeak(tt[i], opt.Scaled ? inten[i] / max * 100 : inten[i], dval[i], Families(hkls[i])));
        }
        return new DiffractionPattern(lambda, opt.Neutron, peaks);
    }

    private static Complex[][] Powers(double[] x, int nmax)
    {
        var rows = new Complex[2 * nmax + 1][];
        for (int h = -nmax; h <= nmax; h++)
        {
            var row = new Complex[x.Length];
            for (int j = 0; j < x.Length; j++)
            {
                double a = 2 * Math.PI * h * x[j];
                row[j] = new Complex(Math.Cos(a), Math.Sin(a));
            }
            rows[h + nmax] = row;
        }
        return rows;
    }

    /// <summary>Groups hkl that are signed permutations of each other; the representative is the largest (lexicographic), the multiplicity the count.</summary>
    public static IReadOnlyList<HklFamily> Families(List<int[]> hkls)
    {
        var keys = new List<int[]>();
        var members = new List<List<int[]>>();
        foreach (var h in hkls)
        {
            var key = h.Select(Math.Abs).Order().ToArray();
            int i = keys.FindIndex(k => k.SequenceEqual(key));
            if (i < 0) { keys.Add(key); members.Add([h]); }
            else members[i].Add(h);
        }
        return members.Select(m => new HklFamily(m.Aggregate((a, b) => Compare(a, b) >= 0 ? a : b), m.Count)).ToList();
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
