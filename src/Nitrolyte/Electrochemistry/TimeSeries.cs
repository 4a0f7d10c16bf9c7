namespace Nitrolyte.Electrochemistry;

/// <summary>What the instrument was doing at a point (from its mode/status column, or inferred from the current).</summary>
public enum StepKind
{
    Unknown = 0,
    /// <summary>Open circuit or zero current.</summary>
    Rest,
    /// <summary>Current flowing with positive sign (see <see cref="TimeSeries"/> for the convention).</summary>
    Charge,
    /// <summary>Current flowing with negative sign.</summary>
    Discharge,
    /// <summary>Potentiostatic hold (constant voltage).</summary>
    ConstantVoltage,
    /// <summary>Potential sweep (voltammetry).</summary>
    Sweep,
}

/// <summary>
/// One time series of an electrochemical experiment, the common currency of every galvanostatic, potentiostatic
/// and DC analysis: time, voltage, current, cycle and step indices, step kind, plus any other columns the
/// instrument recorded (<see cref="Extra"/>).
/// <para><b>Sign convention</b> (all readers map to it):</para>
/// <list type="bullet">
/// <item><see cref="VoltageV"/> is the potential of the working electrode minus that of the counter/reference
/// electrode (EC-Lab Ewe, Gamry Vf, the cycler's cell voltage).</item>
/// <item><see cref="CurrentA"/> is positive when current flows out of the working electrode into the cell, i.e.
/// anodic (oxidation) at the working electrode: charging of a cathode in a full cell, lithium <i>stripping</i> from the
/// working electrode of a Li|SE|Li or Li|SE|steel cell. Negative current is cathodic: discharge of a full cell,
/// plating onto the working electrode. EC-Lab, Gamry and Neware already write currents this way; Maccor writes
/// unsigned currents, which the adapter signs from the State column (D = negative).</item>
/// <item>Time in seconds from the first point; current in amperes; voltage in volts (SI, whatever the file used).</item>
/// </list>
/// </summary>
public sealed class TimeSeries
{
    public required string Source { get; init; }
    public required double[] TimeS { get; init; }
    public required double[] VoltageV { get; init; }
    /// <summary>Current in A (zeros when the file has no current column: see <see cref="HasCurrent"/>).</summary>
    public required double[] CurrentA { get; init; }
    public bool HasCurrent { get; init; } = true;
    /// <summary>Cycle index as the instrument counted it (null when not recorded).</summary>
    public int[]? Cycle { get; init; }
    /// <summary>Step / sequence index (EC-Lab Ns, Neware step, Maccor Step, Gamry curve number), or null.</summary>
    public int[]? Step { get; init; }
    public StepKind[]? Kind { get; init; }
    /// <summary>Other recorded columns by their original name (e.g. "Ece/V", "T1", "(Q-Qo)/mA.h").</summary>
    public IReadOnlyDictionary<string, double[]> Extra { get; init; } = new Dictionary<string, double[]>();
    /// <summary>The instrument's own cumulative charge in mAh, signed like <see cref="CurrentA"/> (EC-Lab (Q-Qo)/mA.h, or
    /// the running sum of dq/mA.h), when the file records one: capacities integrated from the current are checked
    /// against it. Row k holds the charge passed up to row k (its interval (t[k-1], t[k]] included).</summary>
    public double[]? FileChargeMah { get; init; }
    /// <summary>Which column <see cref="FileChargeMah"/> came from.</summary>
    public string? FileChargeColumn { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    /// <summary>Technique or experiment type named by the file (PEIS, GCPL, CV, CHRONOA, ...), if any.</summary>
    public string? Technique { get; init; }
    /// <summary>Format that produced it ("BioLogic mpr", "Neware nda 29", "CSV", ...).</summary>
    public string? Format { get; init; }

    /// <summary>Which columns of a text table were read, in which units and with which sign, and what was assumed
    /// (null for instrument formats whose columns the format fixes).</summary>
    public Nitrolyte.Core.ColumnProvenance? Columns { get; init; }

    /// <summary>What the reader or adapter had to tolerate (unknown column IDs, unknown current ranges, derived currents).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int Count => TimeS.Length;

    /// <summary>Checks lengths; throws <see cref="Core.NitrolyteInputException"/> naming the source.</summary>
    public TimeSeries Validate()
    {
        int n = TimeS.Length;
        if (VoltageV.Length != n || CurrentA.Length != n || (Cycle?.Length ?? n) != n || (Step?.Length ?? n) != n || (Kind?.Length ?? n) != n || (FileChargeMah?.Length ?? n) != n)
            throw new Core.NitrolyteInputException($"{Source}: time series columns differ in length");
        foreach (var (k, v) in Extra)
            if (v.Length != n) throw new Core.NitrolyteInputException($"{Source}: column '{k}' differs in length");
        return this;
    }

    /// <summary>Throws a clear error when the analysis needs a current and the file had none.</summary>
    public void RequireCurrent(string analysis)
    {
        if (!HasCurrent || Count == 0)
            throw new Core.NitrolyteInputException($"{Source}: {analysis} needs a current column, and this trace has none" +
                (Warnings.Count > 0 ? $" ({string.Join("; ", Warnings)})" : " (no I/mA, Im, Current or Amps column)"));
    }

    /// <summary>Points [from, to).</summary>
    public TimeSeries Slice(int from, int to)
    {
        static T[]? S<T>(T[]? a, int f, int t) => a is null ? null : a[f..t];
        return new TimeSeries
        {
            Source = Source, TimeS = TimeS[from..to], VoltageV = VoltageV[from..to], CurrentA = CurrentA[from..to],
            HasCurrent = HasCurrent, Cycle = S(Cycle, from, to), Step = S(Step, from, to), Kind = S(Kind, from, to), FileChargeMah = S(FileChargeMah, from, to), FileChargeColumn = FileChargeColumn,
            Extra = Extra.ToDictionary(kv => kv.Key, kv => kv.Value[from..to]), StartTime = StartTime, Technique = Technique, Format = Format,
        };
    }
}
