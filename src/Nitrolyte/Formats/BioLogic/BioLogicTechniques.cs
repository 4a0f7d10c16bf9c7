namespace Nitrolyte.Formats.BioLogic;

/// <summary>EC-Lab technique names: long name (mpt line 4) <-> short name <-> the technique ID byte of the mpr settings module.</summary>
internal static class BioLogicTechniques
{
    private static readonly (string Long, string Short)[] Names =
    [
        ("Potentio Electrochemical Impedance Spectroscopy", "PEIS"),
        ("Galvano Electrochemical Impedance Spectroscopy", "GEIS"),
        ("Chronoamperometry / Chronocoulometry", "CA"),
        ("Chronoamperometry", "CA"),
        ("Chronopotentiometry", "CP"),
        ("Cyclic Voltammetry Advanced", "CVA"),
        ("Cyclic Voltammetry", "CV"),
        ("Linear Sweep Voltammetry", "LSV"),
        ("Galvanostatic Cycling with Potential Limitation", "GCPL"),
        ("Modulo Bat", "MB"),
        ("Open Circuit Voltage", "OCV"),
        ("Wait", "WAIT"),
        ("IR compensation (PEIS)", "ZIR"),
        ("Constant Current", "CstC"),
        ("Constant Voltage", "CstV"),
    ];

    /// <summary>Technique ID (first byte of the settings module) as observed in files whose .mpt names the technique.</summary>
    private static readonly Dictionary<int, string> ById = new()
    {
        [0x04] = "GCPL", [0x06] = "CV", [0x0B] = "OCV", [0x18] = "CA", [0x19] = "CP", [0x1C] = "WAIT",
        [0x1D] = "PEIS", [0x1E] = "GEIS", [0x32] = "ZIR", [0x33] = "CVA", [0x7F] = "MB",
    };

    public static string? ShortFromLong(string? longName)
    {
        if (string.IsNullOrWhiteSpace(longName)) return null;
        var t = longName.Trim();
        foreach (var (l, s) in Names) if (string.Equals(l, t, StringComparison.OrdinalIgnoreCase)) return s;
        return null;
    }

    public static string? LongFromShort(string? shortName)
    {
        if (shortName is null) return null;
        foreach (var (l, s) in Names) if (s == shortName) return l;
        return null;
    }

    public static string? ShortFromId(int id) => ById.GetValueOrDefault(id);
}
