namespace Nitrolyte.Formats.Columns;

/// <summary>
/// A quantity a reader looks for in a header: its key (as used in results and in <c>--columns</c>), the dimension
/// that fixes its units, the names it goes by (normalised: lower case, no spaces, underscores or dots; a trailing
/// '*' matches any continuation), words that rule a name out (an error column is not the value column), the other
/// spellings accepted in <c>--columns</c>, and the unit assumed when a header gives none (null: a unit is required).
/// </summary>
public sealed record Quantity(
    string Key,
    Dimension Dimension,
    IReadOnlyList<string> Names,
    IReadOnlyList<string>? Excluding = null,
    IReadOnlyList<string>? Aliases = null,
    string? DefaultUnit = null,
    bool MayBeNegated = false)
{
    /// <summary>Does a normalised column name (sign already removed) denote this quantity?</summary>
    public bool Matches(string normalisedName) => Rank(normalisedName) >= 0;

    /// <summary>Position of the first of <see cref="Names"/> that matches (earlier = preferred when two columns match), or -1.</summary>
    public int Rank(string normalisedName)
    {
        if (Excluding is { } ex && ex.Any(normalisedName.Contains)) return -1;
        for (int i = 0; i < Names.Count; i++)
        {
            var n = Names[i];
            if (n.EndsWith('*') ? normalisedName.StartsWith(n[..^1], StringComparison.Ordinal) : normalisedName == n) return i;
        }
        return -1;
    }

    /// <summary>Is <paramref name="key"/> this quantity's key or one of its aliases (case-insensitive)?</summary>
    public bool IsCalled(string key) =>
        string.Equals(key, Key, StringComparison.OrdinalIgnoreCase) || (Aliases?.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)) ?? false);
}

/// <summary>The quantities the text readers look for, one definition each (shared by every reader).</summary>
public static class Quantities
{
    private static readonly string[] ErrorWords = ["stderr", "err", "uncertainty", "std", "sigmae"];

    public static readonly Quantity Frequency = new("frequency", Dimension.Frequency,
        ["f", "freq", "frequency", "frequencies", "fre", "freq(hz)"], Aliases: ["f", "freq"], DefaultUnit: "Hz");
    public static readonly Quantity ZReal = new("real", Dimension.Impedance,
        ["z'", "zs'", "zre", "zreal", "real", "re(z)", "re", "zr", "rez", "realz", "real(z)", "zrealpart", "z'(a)", "resistance"],
        Aliases: ["re", "zre", "zreal", "z'"], DefaultUnit: "Ohm", MayBeNegated: true);
    public static readonly Quantity ZImag = new("imag", Dimension.Impedance,
        ["z''", "zs''", "zim", "zimag", "zimg", "imag", "im(z)", "im", "zi", "imz", "imagz", "imag(z)", "zimaginary", "imaginary", "reactance", "z''(b)"],
        Aliases: ["im", "zim", "zimag", "z''"], DefaultUnit: "Ohm", MayBeNegated: true);
    public static readonly Quantity ZModulus = new("modulus", Dimension.Impedance,
        ["|z|", "zmod", "mod", "modulus", "abs(z)", "|zs|", "z", "mod(z)", "|impedance|", "impedance"],
        Aliases: ["mod", "|z|", "zmod"], DefaultUnit: "Ohm");
    public static readonly Quantity Phase = new("phase", Dimension.Angle,
        ["phase", "phase(z)", "phaseangle", "zphz", "phz", "phi", "theta", "θ", "φ", "ph", "angle", "phase(z)"],
        Aliases: ["ph", "phi", "theta"], DefaultUnit: "deg", MayBeNegated: true);

    public static readonly Quantity Temperature = new("temperature", Dimension.Temperature,
        ["t", "temp", "temperature", "tset", "settemperature"], Aliases: ["t", "temp"]);
    public static readonly Quantity Conductivity = new("conductivity", Dimension.Conductivity,
        ["sigma*", "σ*", "conductivity*", "cond", "kappa"], Excluding: ErrorWords, Aliases: ["sigma", "σ"], DefaultUnit: "S/cm");
    public static readonly Quantity ConductivityError = new("conductivity_stderr", Dimension.Conductivity,
        ["sigmastderr*", "sigmaerr*", "σerr*", "σstderr*", "stderr*", "err", "error*", "uncertainty*", "sigmase", "se",
         "conductivitystderr*", "conductivityerr*", "sigmasd", "sd", "dsigma*", "δσ*"],
        Aliases: ["sigma_stderr", "stderr", "error"], DefaultUnit: "S/cm");

    public static readonly Quantity Time = new("time", Dimension.Time,
        // the test time ranks before a plain "Time" (Neware BTS exports: "Time" is the step time, "Total Time" the test time)
        ["testtime", "totaltime", "cumulativetime", "time", "t", "test", "elapsedtime", "runtime", "time(s)", "timeelapsed", "elapsed"],
        Aliases: ["t"], DefaultUnit: "s");
    public static readonly Quantity Voltage = new("voltage", Dimension.Voltage,
        ["voltage", "v", "ewe", "ecell", "<ewe>", "<ecell>", "e", "potential", "ewe-ece", "u", "vf", "volts", "ewe-ce", "cellvoltage", "vcell", "ucell"],
        Aliases: ["v", "e", "ewe"], DefaultUnit: "V");
    public static readonly Quantity Current = new("current", Dimension.Current,
        ["current", "i", "amps", "im", "<i>", "cellcurrent", "iwe"], Aliases: ["i"], DefaultUnit: "A", MayBeNegated: true);

    // Maccor MIMS exports count cycles twice: "Cycle P" (the procedure's cycle counter, as Cyc# in the classic export) is
    // the cycle; "Cycle C" is kept as an extra column
    public static readonly Quantity Cycle = new("cycle", Dimension.Count,
        ["cycle", "cycleindex", "cyc#", "cyclenumber", "cycleno", "cyclenr", "cycle#", "cycleid", "cyclep", "cyclecount", "cycle-index"], Aliases: ["cyc"], DefaultUnit: "1");
    public static readonly Quantity Step = new("step", Dimension.Count,
        ["step", "stepindex", "ns", "stepnumber", "stepno", "step#", "stepid", "step-index", "stepcount"], Aliases: ["ns"], DefaultUnit: "1");

    /// <summary>Every definition, for <c>--columns</c> key lookup.</summary>
    public static readonly IReadOnlyList<Quantity> All =
        [Frequency, ZReal, ZImag, ZModulus, Phase, Temperature, Conductivity, ConductivityError, Time, Voltage, Current, Cycle, Step];
}
