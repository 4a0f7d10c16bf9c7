namespace Nitrolyte.Core;

/// <summary>
/// How a reader found the columns of a text table (provenance), in a form every domain record can carry without
/// depending on the readers: per quantity key ("frequency", "real", "imag", "temperature", "current", ...) the column
/// read (1-based position and header text), the unit it was read in, the sign applied and where the unit came from
/// ("header", "columns_option", "assumed", "format"); plus the sentences saying what was assumed
/// ("current column 'current' has no unit: read as A").
/// </summary>
public sealed record ColumnProvenance(IReadOnlyList<ColumnProvenance.Column> Columns, IReadOnlyList<string> Assumptions)
{
    /// <param name="Key">quantity key</param>
    /// <param name="Position">1-based column position in the file</param>
    /// <param name="Header">the header text as in the file ("column 2" for a headerless file)</param>
    /// <param name="Unit">the unit the values were read in ("kOhm")</param>
    /// <param name="InternalUnit">the unit they were converted to ("Ohm")</param>
    /// <param name="Sign">+1, or −1 when the column holds the negative of the quantity (−Z'')</param>
    /// <param name="Source">header | columns_option | assumed | format</param>
    public sealed record Column(string Key, int Position, string Header, string Unit, string InternalUnit, int Sign, string Source);

    public Column? Get(string key) => Columns.FirstOrDefault(c => c.Key == key);

    /// <summary>One line for human output: "frequency = 'Freq/kHz' (kHz), imag = '-Zim' (Ohm, negated)".</summary>
    public string Describe() => string.Join(", ", Columns.Select(c =>
        $"{c.Key} = '{c.Header}' ({c.Unit}{(c.Sign < 0 ? ", negated" : "")}{(c.Source == "assumed" ? ", assumed" : "")})"));

    /// <summary>Fixed layouts (BioLogic, Gamry): every column comes from the format's definition.</summary>
    public static ColumnProvenance Format(params (string Key, int Position, string Header, string Unit, int Sign)[] columns) =>
        new(columns.Select(c => new Column(c.Key, c.Position, c.Header, c.Unit, c.Unit, c.Sign, "format")).ToList(), []);
}
