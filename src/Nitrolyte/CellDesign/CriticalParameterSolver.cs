using Nitrolyte.Core;

namespace Nitrolyte.CellDesign;

/// <summary>A stack parameter the critical-value solver and the sweeps can vary.</summary>
public enum StackParameter
{
    LayerThickness,
    ArealCapacity,
    NpRatio,
    ActiveFraction,
    LiThickness,
    AlThickness,
    CuThickness,
    CathodeCapacity,
    MeanVoltage,
    PackagingFraction,
}

public enum EnergyMetric { Gravimetric, Volumetric }

/// <summary>The critical value of one parameter, or why there is none.</summary>
public sealed record CriticalValue(
    StackParameter Parameter,
    string CliName,
    double? Value,
    string Unit,
    EnergyMetric Metric,
    double Target,
    bool Found,
    string Message,
    double SearchFrom,
    double SearchTo,
    double ValueAtSearchFrom,
    double ValueAtSearchTo);

public static class StackParameters
{
    public static readonly IReadOnlyDictionary<string, StackParameter> CliNames = new Dictionary<string, StackParameter>(StringComparer.OrdinalIgnoreCase)
    {
        ["layer-thickness"] = StackParameter.LayerThickness,
        ["areal-capacity"] = StackParameter.ArealCapacity,
        ["np"] = StackParameter.NpRatio,
        ["active-fraction"] = StackParameter.ActiveFraction,
        ["li-thickness"] = StackParameter.LiThickness,
        ["al-thickness"] = StackParameter.AlThickness,
        ["cu-thickness"] = StackParameter.CuThickness,
        ["cathode-capacity"] = StackParameter.CathodeCapacity,
        ["voltage"] = StackParameter.MeanVoltage,
        ["packaging-fraction"] = StackParameter.PackagingFraction,
    };

    public static StackParameter Parse(string name) => CliNames.TryGetValue(name.Trim(), out var p) ? p
        : throw new NitrolyteInputException($"unknown parameter '{name}' (one of: {string.Join(", ", CliNames.Keys)})");

    public static string CliName(StackParameter p) => CliNames.First(kv => kv.Value == p).Key;

    public static string Unit(StackParameter p) => p switch
    {
        StackParameter.LayerThickness or StackParameter.LiThickness or StackParameter.AlThickness or StackParameter.CuThickness => "um",
        StackParameter.ArealCapacity => "mAh/cm2",
        StackParameter.CathodeCapacity => "mAh/g",
        StackParameter.MeanVoltage => "V",
        _ => "",
    };

    /// <summary>The physically sensible range searched for a critical value.</summary>
    public static (double From, double To) Range(StackParameter p) => p switch
    {
        StackParameter.LayerThickness => (0, 5000),
        StackParameter.ArealCapacity => (0.01, 100),
        StackParameter.NpRatio => (0, 50),
        StackParameter.ActiveFraction => (0.01, 1),
        StackParameter.LiThickness => (0, 5000),
        StackParameter.AlThickness or StackParameter.CuThickness => (0, 1000),
        StackParameter.CathodeCapacity => (1, 2000),
        StackParameter.MeanVoltage => (0.1, 6),
        StackParameter.PackagingFraction => (0, 0.95),
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    /// <summary>The stack with one parameter set (layer thickness: layer <paramref name="layerIndex"/>, 0-based).</summary>
    public static CellStack With(CellStack s, StackParameter p, double v, int layerIndex = 0)
    {
        switch (p)
        {
            case StackParameter.LayerThickness:
                if (layerIndex < 0 || layerIndex >= s.Layers.Count)
                    throw new NitrolyteInputException(s.Layers.Count == 0 ? "the stack has no electrolyte layer to vary" : $"layer {layerIndex + 1} does not exist (the stack has {s.Layers.Count})");
                var layers = s.Layers.ToArray();
                layers[layerIndex] = layers[layerIndex] with { ThicknessUm = v };
                return s with { Layers = layers };
            case StackParameter.ArealCapacity: return s with { ArealCapacityMahPerCm2 = v };
            case StackParameter.NpRatio: return s with { NpRatio = v, LiThicknessUm = null };
            case StackParameter.ActiveFraction: return s with { ActiveFraction = v };
            case StackParameter.LiThickness: return s with { LiThicknessUm = v };
            case StackParameter.AlThickness: return s with { AlThicknessUm = v };
            case StackParameter.CuThickness: return s with { CuThicknessUm = v };
            case StackParameter.CathodeCapacity: return s with { Cathode = s.Cathode with { SpecificCapacityMahPerG = v } };
            case StackParameter.MeanVoltage: return s with { Cathode = s.Cathode with { MeanVoltageV = v } };
            case StackParameter.PackagingFraction: return s with { PackagingMassFraction = v };
            default: throw new ArgumentOutOfRangeException(nameof(p));
        }
    }
}

/// <summary>
/// Finds the value of one stack parameter at which the energy density equals a target (e.g. the electrolyte thickness
/// that still gives 350 Wh/kg): the energy density is tabulated over the parameter's range to bracket a sign change
/// of E(p) - target, and the bracket is closed with Brent's method (MathNet) to 1e-10 relative. When there is no
/// sign change the target is out of reach in that range and the result says so, with the energy densities at the ends.
/// </summary>
public static class CriticalParameterSolver
{
    public static double Energy(CellStack s, EnergyMetric metric)
    {
        var e = CellEnergyModel.Evaluate(s);
        return metric == EnergyMetric.Gravimetric ? e.GravimetricWhPerKg : e.VolumetricWhPerL;
    }

    public static CriticalValue Solve(CellStack stack, StackParameter parameter, double target, EnergyMetric metric = EnergyMetric.Gravimetric,
        int layerIndex = 0, (double From, double To)? range = null)
    {
        if (!(target > 0) || !double.IsFinite(target)) throw new NitrolyteInputException($"target energy density must be positive (got {target})");
        stack.Validate();
        var (lo, hi) = range ?? StackParameters.Range(parameter);
        double F(double v) => Energy(StackParameters.With(stack, parameter, v, layerIndex), metric) - target;
        string unit = StackParameters.Unit(parameter);
        string metricUnit = metric == EnergyMetric.Gravimetric ? "Wh/kg" : "Wh/L";
        string name = StackParameters.CliName(parameter);

        const int n = 400;
        bool logGrid = lo > 0 && hi / lo > 100;
        var xs = new double[n + 1];
        for (int i = 0; i <= n; i++)
            xs[i] = logGrid ? lo * Math.Pow(hi / lo, (double)i / n) : lo + (hi - lo) * i / n;
        var fs = xs.Select(x => F(x)).ToArray();
        var roots = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (fs[i] == 0) { roots.Add(xs[i]); continue; }
            if (Math.Sign(fs[i]) != Math.Sign(fs[i + 1]) && double.IsFinite(fs[i]) && double.IsFinite(fs[i + 1]))
                roots.Add(MathNet.Numerics.RootFinding.Brent.FindRoot(F, xs[i], xs[i + 1], 1e-10 * Math.Max(1, Math.Abs(xs[i + 1])), 200));
        }
        if (fs[n] == 0) roots.Add(xs[n]);
        double eLo = fs[0] + target, eHi = fs[n] + target;
        if (roots.Count == 0)
        {
            bool above = fs.All(f => f > 0);
            var msg = above
                ? $"the target {target:0.#} {metricUnit} is exceeded everywhere for {name} in [{lo:g4}, {hi:g4}] {unit} ({eLo:0.#} to {eHi:0.#} {metricUnit}): there is no critical value in this range"
                : $"the target {target:0.#} {metricUnit} cannot be reached by changing {name} alone: over [{lo:g4}, {hi:g4}] {unit} the energy density only spans {Math.Min(eLo, eHi):0.#} to {Math.Max(eLo, eHi):0.#} {metricUnit} (max {fs.Max() + target:0.#})";
            return new CriticalValue(parameter, name, null, unit, metric, target, false, msg, lo, hi, eLo, eHi);
        }
        double root = roots[0];
        string side = F(Math.Min(hi, root + (hi - lo) * 1e-6)) > 0 ? "above" : "below";
        string message = $"{name} = {root:0.###} {unit} gives {target:0.#} {metricUnit}; the target is met {side} this value" +
                         (roots.Count > 1 ? $" (further crossings at {string.Join(", ", roots.Skip(1).Select(r => r.ToString("0.###")))})" : "");
        return new CriticalValue(parameter, name, root, unit, metric, target, true, message, lo, hi, eLo, eHi);
    }
}

/// <summary>Energy density as one parameter varies (the panels of the review's Fig. 17).</summary>
public static class CellSweeps
{
    public static double[] Sweep(CellStack stack, StackParameter parameter, IReadOnlyList<double> values, EnergyMetric metric = EnergyMetric.Gravimetric, int layerIndex = 0) =>
        values.Select(v => CriticalParameterSolver.Energy(StackParameters.With(stack, parameter, v, layerIndex), metric)).ToArray();

    public static double[] Linspace(double from, double to, int n) =>
        Enumerable.Range(0, n).Select(i => from + (to - from) * i / (n - 1)).ToArray();
}
