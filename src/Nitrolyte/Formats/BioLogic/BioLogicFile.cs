namespace Nitrolyte.Formats.BioLogic;

/// <summary>
/// One column of a BioLogic EC-Lab file. <see cref="Name"/> is spelt exactly as the .mpt header spells it
/// ("freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm", "time/s", "Ewe/V", "&lt;I&gt;/mA", "control/V/mA", "cycle number", ...);
/// <see cref="Unit"/> is the part after the last '/' (except the composite units "V/mA" and "mS/cm"), or null.
/// Integer and flag columns are stored as doubles (exact for every value they can hold).
/// </summary>
public sealed record BioLogicColumn(string Name, string? Unit, double[] Values)
{
    /// <summary>Unit of a column name as EC-Lab writes it: "Ewe/V" -> "V", "control/V/mA" -> "V/mA", "cycle number" -> null.</summary>
    public static string? UnitOf(string name)
    {
        if (name.EndsWith("/V/mA", StringComparison.Ordinal)) return "V/mA";
        if (name.EndsWith("/mS/cm", StringComparison.Ordinal)) return "mS/cm";
        if (name.Length > 2 && name[0] == '<' && name[^1] == '>') name = name[..^1]; // EC-Lab 11.50 writes "<Ewe/V>" 
        int slash = name.LastIndexOf('/');
        if (slash < 0 || slash == name.Length - 1) return null;
        // "Q charge/discharge/mA.h": the unit is the last part
        return name[(slash + 1)..];
    }
}

/// <summary>A BioLogic EC-Lab data file (.mpr binary or .mpt text export) as columns.</summary>
public sealed class BioLogicFile
{
    public required string FilePath { get; init; }
    /// <summary>Technique as EC-Lab names it, e.g. "Potentio Electrochemical Impedance Spectroscopy".</summary>
    public string? Technique { get; init; }
    /// <summary>Short technique name, e.g. "PEIS", "GCPL", "CA", "CP", "CV", "CVA", "OCV", "MB", "GEIS", "WAIT", "ZIR".</summary>
    public string? TechniqueShort { get; init; }
    /// <summary>Acquisition start (instrument local time; EC-Lab stores no time zone, so the offset is zero).</summary>
    public DateTimeOffset? StartTime { get; init; }
    /// <summary>Header key/values that could be parsed (mpt "key : value" lines; selected mpr settings/log fields).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public required IReadOnlyList<BioLogicColumn> Columns { get; init; }
    /// <summary>Things the reader tolerated, e.g. an unknown mpr column ID kept as raw "column_&lt;id&gt;".</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Values.Length;

    /// <summary>The first column whose name equals any of <paramref name="names"/> (case-insensitive, tried in order), or null.</summary>
    public BioLogicColumn? Find(params string[] names)
    {
        foreach (var n in names)
            foreach (var c in Columns)
                if (string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)) return c;
        return null;
    }
}
