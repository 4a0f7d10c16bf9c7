using MathNet.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Electrostatics;

/// <summary>Ewald energy of a structure with its decomposition (eV) and per-site energies.</summary>
public sealed record EwaldResult(
    double TotalEV, double RealEV, double ReciprocalEV, double SelfEV, double ChargedCellEV,
    IReadOnlyList<double> SiteEnergiesEV, double Eta, double RealCutoffA, double ReciprocalCutoffPerA, double NetChargeE);

/// <summary>
/// Unit-charge Ewald interaction matrix of a set of positions in a lattice: E = k/2 qᵀ A q (eV, q in e,
/// k = 14.399645 eV·Å). A = real + reciprocal + self (diagonal) + neutralising-background term (every element).
/// Precomputing it once makes the energy of any decoration of the positions a quadratic form (ordering).
/// </summary>
public sealed class EwaldMatrix
{
    public int N { get; }
    /// <summary>Row-major N x N, unit charges, in e²/Å (multiply by <see cref="Ewald.CoulombEVA"/> for eV).</summary>
    public double[] Real { get; }
    public double[] Reciprocal { get; }
    /// <summary>Self term per unit charge squared: −√(η/π) (applies to the diagonal, counted once).</summary>
    public double SelfPerCharge2 { get; }
    /// <summary>Neutralising background per (net charge)²: −π/(2Vη).</summary>
    public double BackgroundPerCharge2 { get; }
    public double Eta { get; }
    public double RealCutoffA { get; }
    public double ReciprocalCutoffPerA { get; }

    internal EwaldMatrix(int n, double[] real, double[] recip, double self, double background, double eta, double rmax, double gmax)
    {
        N = n; Real = real; Reciprocal = recip; SelfPerCharge2 = self; BackgroundPerCharge2 = background; Eta = eta; RealCutoffA = rmax; ReciprocalCutoffPerA = gmax;
    }

    /// <summary>
    /// The full symmetric matrix M (eV per e²) with E = ½ qᵀ M q exactly (real + reciprocal + 2·self on the diagonal +
    /// 2·background everywhere). Used by the orderer.
    /// </summary>
    public double[] TotalMatrixEV()
    {
        var m = new double[N * N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                m[i * N + j] = Ewald.CoulombEVA * (Real[i * N + j] + Reciprocal[i * N + j] + 2 * BackgroundPerCharge2 + (i == j ? 2 * SelfPerCharge2 : 0));
        return m;
    }
}

/// <summary>
/// Ewald summation for periodic point charges (SCIENCE.md 6): real-space erfc(√η r)/r sum, reciprocal-space sum
/// (4π/V) Σ_G exp(−G²/4η)/G² cos(G·r), self term −√(η/π) Σq², and for charged cells the neutralising
/// background −π Q²/(2Vη). η defaults to π (N/√2 / V²)^(1/3) (the choice pymatgen makes, so that the components
/// can be compared one by one); the cutoffs are r_max = a/√η and G_max = 2a√η with a = √(ln 10¹²), which keeps
/// every neglected term below ~1e-12 of the terms kept (the required accuracy is 1e-8 relative).
/// </summary>
public static class Ewald
{
    /// <summary>e²/(4πε0) in eV·Å.</summary>
    public const double CoulombEVA = 14.399645;

    private static readonly double AccuracyFactor = Math.Sqrt(Math.Log(1e12));

    public static double DefaultEta(int n, double volumeA3) => Math.Pow(n / Math.Sqrt(2) / (volumeA3 * volumeA3), 1.0 / 3) * Math.PI;

    /// <summary>Ewald energy of an ordered structure whose species carry oxidation states (use <see cref="OxidationStates.Assign"/>).</summary>
    /// <summary>Largest number of sites for the pairwise matrix (two n×n double tables, 576 MB at the limit).</summary>
    public const int MaxMatrixSites = 6000;

    public static EwaldResult Compute(Structure s, double? eta = null)
    {
        var q = Charges(s);
        var pos = s.Sites.Select(x => (x.FracA, x.FracB, x.FracC)).ToArray();
        var m = BuildMatrix(s.Lattice, pos, eta);
        return Evaluate(m, q);
    }

    /// <summary>Charges per site: Σ occupancy × oxidation state (a partially occupied site gets its mean charge, as in pymatgen).</summary>
    public static double[] Charges(Structure s)
    {
        var q = new double[s.Sites.Count];
        for (int i = 0; i < q.Length; i++)
            foreach (var sp in s.Sites[i].Species)
                q[i] += sp.Occupancy * (sp.OxidationState ?? throw new NitrolyteInputException(
                    $"site {i + 1} ({sp.Element}) has no oxidation state; assign them (e.g. --oxidation Li=1,N=-3,Cl=-1)"));
        return q;
    }

    public static EwaldResult Evaluate(EwaldMatrix m, IReadOnlyList<double> q)
    {
        int n = m.N;
        double real = 0, recip = 0, self = 0, qtot = 0;
        var site = new double[n];
        for (int i = 0; i < n; i++)
        {
            double ri = 0, gi = 0;
            for (int j = 0; j < n; j++)
            {
                ri += m.Real[i * n + j] * q[j];
                gi += m.Reciprocal[i * n + j] * q[j];
            }
            double r = 0.5 * q[i] * ri, g = 0.5 * q[i] * gi, sf = m.SelfPerCharge2 * q[i] * q[i];
            real += r; recip += g; self += sf; qtot += q[i];
            site[i] = CoulombEVA * (r + g + sf);
        }
        double charged = m.BackgroundPerCharge2 * qtot * qtot;
        double k = CoulombEVA;
        return new EwaldResult(k * (real + recip + self + charged), k * real, k * recip, k * self, k * charged, site,
            m.Eta, m.RealCutoffA, m.ReciprocalCutoffPerA, qtot);
    }

    /// <summary>Builds the unit-charge Ewald matrix of positions (fractional) in a lattice.</summary>
    public static EwaldMatrix BuildMatrix(Lattice lattice, IReadOnlyList<(double A, double B, double C)> frac, double? etaOverride = null)
    {
        int n = frac.Count;
        if (n == 0) throw new NitrolyteInputException("no sites for the Ewald sum");
        if (n > MaxMatrixSites)
            throw new NitrolyteInputException($"the Ewald matrix of {n} sites would need {2.0 * n * n * 8 / 1e9:0.#} GB (two {n}×{n} tables); " +
                                              $"the limit is {MaxMatrixSites} sites: use a smaller cell or supercell");
        double vol = lattice.VolumeA3;
        double eta = etaOverride ?? DefaultEta(n, vol);
        double sqrtEta = Math.Sqrt(eta);
        double rmax = AccuracyFactor / sqrtEta;
        double gmax = 2 * sqrtEta * AccuracyFactor;

        // real space: pairs within rmax via the cell-list neighbour search
        var real = new double[n * n];
        var neighbours = NeighbourList.Build(lattice, frac, rmax);
        for (int i = 0; i < n; i++)
            foreach (var nb in neighbours[i])
                real[i * n + nb.Index] += SpecialFunctions.Erfc(sqrtEta * nb.DistanceA) / nb.DistanceA;

        // reciprocal space: half of the G vectors (G and -G give the same term), doubled
        var recip = new double[n * n];
        var rec = lattice.ReciprocalMatrix2Pi();
        var widths = NeighbourList.PerpendicularWidths(lattice);   // |b_k*| = 2π / width_k
        int[] kmax = widths.Select(w => (int)Math.Ceiling(gmax * w / (2 * Math.PI))).ToArray();
        var cart = frac.Select(f => lattice.ToCartesian(f.A, f.B, f.C)).ToArray();
        var c = new double[n];
        var s = new double[n];
        double pref = 4 * Math.PI / vol;
        double gmax2 = gmax * gmax;
        for (int h = 0; h <= kmax[0]; h++)
        for (int k = -kmax[1]; k <= kmax[1]; k++)
        for (int l = -kmax[2]; l <= kmax[2]; l++)
        {
            // keep one of each ±G pair: h > 0, or h == 0 and k > 0, or h == k == 0 and l > 0
            if (h == 0 && (k < 0 || (k == 0 && l <= 0))) continue;
            double gx = h * rec[0, 0] + k * rec[1, 0] + l * rec[2, 0];
            double gy = h * rec[0, 1] + k * rec[1, 1] + l * rec[2, 1];
            double gz = h * rec[0, 2] + k * rec[1, 2] + l * rec[2, 2];
            double g2 = gx * gx + gy * gy + gz * gz;
            if (g2 > gmax2) continue;
            double w = 2 * pref * Math.Exp(-g2 / (4 * eta)) / g2;
            for (int i = 0; i < n; i++)
            {
                double ph = gx * cart[i].X + gy * cart[i].Y + gz * cart[i].Z;
                c[i] = Math.Cos(ph);
                s[i] = Math.Sin(ph);
            }
            for (int i = 0; i < n; i++)
            {
                double wc = w * c[i], ws = w * s[i];
                int row = i * n;
                for (int j = i; j < n; j++) recip[row + j] += wc * c[j] + ws * s[j];
            }
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) recip[j * n + i] = recip[i * n + j];

        return new EwaldMatrix(n, real, recip, -Math.Sqrt(eta / Math.PI), -Math.PI / (2 * vol * eta), eta, rmax, gmax);
    }
}
