using System.Globalization;
using System.Reflection;

namespace Nitrolyte.Chemistry;

/// <summary>A chemical element from the periodic table shipped with Nitrolyte (Data/elements.csv).</summary>
public sealed record Element(int Z, string Symbol, string Name, double AtomicWeightGPerMol, IReadOnlyList<int> CommonOxidationStates)
{
    private static readonly Lazy<(Element[] ByZ, Dictionary<string, Element> BySymbol)> Table = new(Load);

    public static IReadOnlyList<Element> All => Table.Value.ByZ;

    public static bool TryGet(string symbol, out Element element) => Table.Value.BySymbol.TryGetValue(symbol, out element!);

    /// <summary>The element with this symbol (case-sensitive: "Co" is cobalt, "CO" is not an element).</summary>
    public static Element FromSymbol(string symbol) =>
        TryGet(symbol, out var e) ? e : throw new Core.NitrolyteInputException($"unknown element '{symbol}'");

    public static Element FromZ(int z) =>
        z >= 1 && z <= Table.Value.ByZ.Length ? Table.Value.ByZ[z - 1] : throw new Core.NitrolyteInputException($"no element with Z = {z}");

    private static (Element[], Dictionary<string, Element>) Load()
    {
        using var s = typeof(Element).Assembly.GetManifestResourceStream("Nitrolyte.Data.elements.csv")
                      ?? throw new InvalidOperationException("embedded periodic table missing");
        using var r = new StreamReader(s);
        var list = new List<Element>();
        string? line;
        bool header = true;
        while ((line = r.ReadLine()) is not null)
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            if (header) { header = false; continue; }
            var c = line.Split(',');
            var ox = c[4].Length == 0 ? [] : c[4].Split(';').Select(int.Parse).ToArray();
            list.Add(new Element(int.Parse(c[0], CultureInfo.InvariantCulture), c[1], c[2],
                double.Parse(c[3], CultureInfo.InvariantCulture), ox));
        }
        return (list.OrderBy(e => e.Z).ToArray(), list.ToDictionary(e => e.Symbol));
    }
}
