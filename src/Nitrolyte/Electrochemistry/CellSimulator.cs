namespace Nitrolyte.Electrochemistry;

/// <summary>
/// Deterministic (seeded) generators of synthetic time series with known answers, used for the bundled examples
/// (examples/li2nh, examples/li9n2cl3) and for tests. They are simple physical caricatures, not models of a real cell:
/// <list type="bullet">
/// <item>DC polarisation: I(t) = I_f + (I_t - I_f) exp(-t/tau) per hold, I_f = sigma_e A V / L, I_t = I_f / (1 - t_i).</item>
/// <item>Cyclic voltammetry of Li|SE|steel: plating current V/R below 0 V, stripping of the plated lithium (a fraction
/// of it is lost) above 0 V, a small capacitive background, R falling with cycling in two regimes.</item>
/// <item>Symmetric Li|SE|Li cycling: |V| = |I| (R_bulk + 2 ASR/A) with a nucleation spike and a slow rise within each
/// half cycle, and optional failures: an electronic path in parallel that opens at a given current density (soft
/// short: resistance collapses, noisy flattened profile) or a near-zero resistance (hard short).</item>
/// <item>Full cells: constant-current charge/discharge between a state-of-charge window with an OCV(SOC) line, IR drop,
/// a first-cycle loss and a linear capacity fade.</item>
/// </list>
/// Every generator documents its parameters in the returned series' <see cref="TimeSeries.Technique"/> text.
/// </summary>
public static class CellSimulator
{
    private sealed class Gauss(int seed)
    {
        private readonly Random _r = new(seed);
        public double Next() => Numerics.GaussianSampler.Standard(_r);
    }

    private sealed class Builder
    {
        public readonly List<double> T = [], V = [], I = [];
        public readonly List<int> Cycle = [], Step = [];
        public readonly List<StepKind> Kind = [];
        public void Add(double t, double v, double i, int cycle, int step, StepKind k) { T.Add(t); V.Add(v); I.Add(i); Cycle.Add(cycle); Step.Add(step); Kind.Add(k); }
        public TimeSeries Build(string source, string technique) => new()
        {
            Source = source, Format = "Nitrolyte simulation", TimeS = T.ToArray(), VoltageV = V.ToArray(), CurrentA = I.ToArray(),
            Cycle = Cycle.ToArray(), Step = Step.ToArray(), Kind = Kind.ToArray(), Technique = technique,
        };
    }

    // ------------------------------------------------------------------ DC polarisation
    /// <summary>The holds' voltages (V) are a copy behind a read-only view.</summary>
    public sealed record DcParameters(IReadOnlyList<double> VoltagesV, double ThicknessCm, double AreaCm2, double SigmaESPerCm, double TIon, double TauS,
        double HoldS = 5 * 3600, double NoiseRelative = 0.003, double NoiseFloorRelative = 0.01, int Seed = 0)
    {
        private readonly IReadOnlyList<double> _voltagesV = Core.ReadOnlyCopy.Of(VoltagesV);
        public IReadOnlyList<double> VoltagesV { get => _voltagesV; init => _voltagesV = Core.ReadOnlyCopy.Of(value); }
    }

    /// <summary>Consecutive potentiostatic holds; sampling 0.1 s for the first minute, 1 s to 10 min, then 10 s.</summary>
    public static TimeSeries DcPolarisation(DcParameters p)
    {
        var g = new Gauss(p.Seed);
        var b = new Builder();
        double t0 = 0; int step = 0;
        foreach (var v in p.VoltagesV)
        {
            step++;
            double iF = p.SigmaESPerCm * p.AreaCm2 * v / p.ThicknessCm;
            double iT = iF / (1 - p.TIon);
            double t = 0;
            while (t <= p.HoldS + 1e-9)
            {
                double i = iF + (iT - iF) * Math.Exp(-t / p.TauS);
                i += g.Next() * (p.NoiseRelative * Math.Abs(i) + p.NoiseFloorRelative * Math.Abs(iF));
                b.Add(t0 + t, v + 1e-5 * g.Next(), i, 1, step, StepKind.ConstantVoltage);
                t += t < 60 ? 0.1 : t < 600 ? 1 : 10;
                t = Math.Round(t, 6);
            }
            t0 += p.HoldS + 10;
        }
        return b.Build("simulated DC polarisation",
            $"DC polarisation (simulated): V = {string.Join("/", p.VoltagesV)} V, L = {p.ThicknessCm} cm, A = {p.AreaCm2:0.####} cm2, sigma_e = {p.SigmaESPerCm:0.###e+0} S/cm, t_ion = {p.TIon}, tau = {p.TauS} s, seed {p.Seed}");
    }

    // ------------------------------------------------------------------ cyclic voltammetry
    public sealed record CvParameters(int Cycles = 16, double StartV = 2.0, double LowV = -0.5, double HighV = 5.0, double ScanRateVPerS = 1e-3,
        double ResistanceOhm = 3500, double StripFraction = 0.95, double BackgroundA = 2e-7, double SampleS = 5,
        int BreakCycle = 8, double EarlyGrowthPerCycle = 0.04, double LateGrowthPerCycle = 0.15, double NoiseA = 2e-7, int Seed = 0);

    /// <summary>Li|SE|steel CV: start at StartV, down to LowV, up to HighV, back to StartV, per cycle.</summary>
    public static TimeSeries CyclicVoltammetry(CvParameters p)
    {
        var g = new Gauss(p.Seed);
        var b = new Builder();
        double t = 0, plated = 0;
        for (int c = 1; c <= p.Cycles; c++)
        {
            double growth = c <= p.BreakCycle ? 1 + p.EarlyGrowthPerCycle * (c - 1)
                : 1 + p.EarlyGrowthPerCycle * (p.BreakCycle - 1) + p.LateGrowthPerCycle * (c - p.BreakCycle);
            double r = p.ResistanceOhm / growth;
            (double from, double to)[] legs = [(p.StartV, p.LowV), (p.LowV, p.HighV), (p.HighV, p.StartV)];
            foreach (var (from, to) in legs)
            {
                double dir = Math.Sign(to - from);
                int steps = (int)Math.Round(Math.Abs(to - from) / (p.ScanRateVPerS * p.SampleS));
                for (int k = 0; k < steps; k++)
                {
                    double v = from + dir * p.ScanRateVPerS * p.SampleS * k;
                    double i = dir * p.BackgroundA;
                    if (v < 0) { double ip = v / r; i += ip; plated += -ip * p.SampleS * p.StripFraction; }
                    else if (plated > 0)
                    {
                        double want = v / r;
                        double avail = plated / p.SampleS;
                        double ist = Math.Min(want, avail) * (plated / (plated + 0.02 * want * 1000 * p.SampleS + 1e-30));
                        ist = Math.Min(ist, avail);
                        plated -= ist * p.SampleS;
                        i += ist;
                    }
                    i += p.NoiseA * g.Next();
                    b.Add(t, v, i, c, c, StepKind.Sweep);
                    t += p.SampleS;
                }
            }
        }
        return b.Build("simulated CV",
            $"CV (simulated): {p.Cycles} cycles {p.StartV} -> {p.LowV} -> {p.HighV} -> {p.StartV} V at {p.ScanRateVPerS * 1000} mV/s, R = {p.ResistanceOhm} ohm falling by {p.EarlyGrowthPerCycle}/cycle then {p.LateGrowthPerCycle}/cycle after cycle {p.BreakCycle}, {p.StripFraction:P0} of plated Li strippable, seed {p.Seed}");
    }

    // ------------------------------------------------------------------ symmetric cells
    /// <summary>One block of a stripping/plating protocol: current density, half-cycle length (or areal capacity), rest, cycles.</summary>
    public sealed record SymmetricStep(double CurrentDensityMaPerCm2, double HalfCycleS, double RestS, int Cycles);

    public enum FailureKind { None, SoftShort, HardShort }

    public sealed record SymmetricParameters(IReadOnlyList<SymmetricStep> Protocol, double AreaCm2, double ThicknessCm, double SigmaSPerCm,
        double InterfaceAsrOhmCm2, double SampleS = 10, double NucleationFraction = 0.25, double RiseFraction = 0.08, double NoiseV = 2e-4,
        FailureKind Failure = FailureKind.None, double FailureAtMaPerCm2 = double.PositiveInfinity, double SoftShortFinalFraction = 0.15, int Seed = 0);

    public static TimeSeries Symmetric(SymmetricParameters p)
    {
        var g = new Gauss(p.Seed);
        var b = new Builder();
        double rBulk = p.ThicknessCm / (p.SigmaSPerCm * p.AreaCm2);
        double rIon = rBulk + 2 * p.InterfaceAsrOhmCm2 / p.AreaCm2;
        double t = 0; int cycle = 0, step = 0;
        double rEl = double.PositiveInfinity; // electronic path in parallel
        bool failed = false;
        double? failStart = null;
        foreach (var s in p.Protocol)
        {
            for (int c = 0; c < s.Cycles; c++)
            {
                cycle++;
                foreach (double sign in new[] { 1.0, -1.0 })
                {
                    step++;
                    double iA = sign * s.CurrentDensityMaPerCm2 * 1e-3 * p.AreaCm2;
                    if (!failed && s.CurrentDensityMaPerCm2 >= p.FailureAtMaPerCm2 && p.Failure != FailureKind.None) failed = true;
                    int nPts = Math.Max(2, (int)Math.Round(s.HalfCycleS / p.SampleS));
                    for (int k = 0; k < nPts; k++)
                    {
                        double tau = (double)k / (nPts - 1);
                        if (failed)
                        {
                            failStart ??= t;
                            if (p.Failure == FailureKind.HardShort) rEl = 0.002;
                            else
                            {
                                // an electronic path opens and thickens: from 20x to 1x its final value within ~30 min
                                double target = p.SoftShortFinalFraction * rIon / (1 - p.SoftShortFinalFraction);
                                rEl = target * (1 + 19 * Math.Exp(-(t - failStart.Value) / 1800));
                            }
                        }
                        double shape = 1 + p.NucleationFraction * Math.Exp(-tau * 20) + p.RiseFraction * tau * tau;
                        double rCell = rIon * shape;
                        double rEff = double.IsPositiveInfinity(rEl) ? rCell : rCell * rEl / (rCell + rEl);
                        double noise = p.NoiseV * g.Next() * (failed && p.Failure == FailureKind.SoftShort ? 8 : 1);
                        b.Add(t, iA * rEff + noise, iA, cycle, step, sign > 0 ? StepKind.Charge : StepKind.Discharge);
                        t += s.HalfCycleS / (nPts - 1) * (k < nPts - 1 ? 1 : 0);
                    }
                    t += p.SampleS;
                    if (s.RestS > 0)
                    {
                        step++;
                        int nr = Math.Max(2, (int)Math.Round(s.RestS / Math.Min(p.SampleS, s.RestS / 2)));
                        for (int k = 0; k < nr; k++)
                        {
                            b.Add(t, p.NoiseV * g.Next(), 0, cycle, step, StepKind.Rest);
                            t += s.RestS / nr;
                        }
                    }
                }
            }
        }
        return b.Build("simulated symmetric cell",
            $"Li|SE|Li cycling (simulated): A = {p.AreaCm2:0.####} cm2, L = {p.ThicknessCm} cm, sigma = {p.SigmaSPerCm:0.###e+0} S/cm, interface ASR {p.InterfaceAsrOhmCm2} ohm cm2 each, " +
            $"failure {p.Failure}{(p.Failure == FailureKind.None ? "" : $" from {p.FailureAtMaPerCm2} mA/cm2")}, seed {p.Seed}");
    }

    // ------------------------------------------------------------------ full cells
    public sealed record FullCellBlock(double CRate, int Cycles);

    public sealed record FullCellParameters(IReadOnlyList<FullCellBlock> Protocol, double ActiveMassMg, double SpecificCapacityMahPerG,
        double FirstChargeMahPerG, double FirstDischargeMahPerG, double CoulombicEfficiency, double FadePerCycle,
        double CapacityAtRate1C, double OcvLowV = 3.55, double OcvHighV = 4.25, double ResistanceOhm = 150, double LowCutV = 2.7, double HighCutV = 4.3,
        int PointsPerHalfCycle = 20, double RestS = 600, int Seed = 0);

    /// <summary>Charge first; the capacity at C-rate c is the 0.1 C capacity scaled linearly towards <see cref="FullCellParameters.CapacityAtRate1C"/> (fraction at 1 C).</summary>
    public static TimeSeries FullCell(FullCellParameters p)
    {
        var g = new Gauss(p.Seed);
        var b = new Builder();
        double massG = p.ActiveMassMg / 1000;
        double t = 0; int cycle = 0, step = 0;
        double refDis = p.FirstDischargeMahPerG;
        foreach (var blk in p.Protocol)
        {
            double iA = blk.CRate * p.SpecificCapacityMahPerG * massG * 1e-3; // 1C = specific capacity per hour
            double rateFactor = 1 - (1 - p.CapacityAtRate1C) * Math.Clamp((blk.CRate - 0.1) / 0.9, 0, 1);
            for (int c = 0; c < blk.Cycles; c++)
            {
                cycle++;
                double fade = 1 - p.FadePerCycle * (cycle - 1);
                double dis = refDis * rateFactor * fade;
                double chg = cycle == 1 ? p.FirstChargeMahPerG * rateFactor : dis / p.CoulombicEfficiency;
                foreach (var (sign, capMahPerG) in new[] { (1.0, chg), (-1.0, dis) })
                {
                    step++;
                    double capAh = capMahPerG * massG * 1e-3;
                    double dur = capAh / iA * 3600;
                    for (int k = 0; k < p.PointsPerHalfCycle; k++)
                    {
                        double f = (double)k / (p.PointsPerHalfCycle - 1);
                        double soc = sign > 0 ? f * capMahPerG / p.FirstChargeMahPerG : (chg - f * capMahPerG) / p.FirstChargeMahPerG;
                        double ocv = p.OcvLowV + (p.OcvHighV - p.OcvLowV) * Math.Clamp(soc, 0, 1.05);
                        double v = ocv + sign * iA * p.ResistanceOhm + 0.001 * g.Next();
                        if (sign < 0 && k == p.PointsPerHalfCycle - 1) v = Math.Min(v, p.LowCutV + 0.001);
                        if (sign > 0 && k == p.PointsPerHalfCycle - 1) v = Math.Max(v, p.HighCutV - 0.001);
                        b.Add(t + f * dur, v, sign * iA, cycle, step, sign > 0 ? StepKind.Charge : StepKind.Discharge);
                    }
                    t += dur;
                    step++;
                    b.Add(t + 1, sign > 0 ? p.HighCutV - 0.1 : p.LowCutV + 0.6, 0, cycle, step, StepKind.Rest);
                    b.Add(t + p.RestS, sign > 0 ? p.HighCutV - 0.12 : p.LowCutV + 0.65, 0, cycle, step, StepKind.Rest);
                    t += p.RestS + 1;
                }
            }
        }
        return b.Build("simulated full cell",
            $"full cell (simulated): active mass {p.ActiveMassMg} mg, {p.SpecificCapacityMahPerG} mAh/g = 1C, first charge/discharge {p.FirstChargeMahPerG}/{p.FirstDischargeMahPerG} mAh/g, " +
            $"CE {p.CoulombicEfficiency}, fade {p.FadePerCycle:P4}/cycle, protocol {string.Join(", ", p.Protocol.Select(x => $"{x.Cycles} x {x.CRate}C"))}, seed {p.Seed}");
    }
}
