using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nitrolyte.Screening;

/// <summary>
/// Reads rules.yaml. Shape (docs/screening.md):
/// <code>
/// parent: Li2S.cif            # file relative to the rules file, or a prototype name (nitrolyte structure prototypes)
/// oxidation: {Li: 1, S: -2}   # optional overrides; otherwise the usual states
/// rules:
///   - name: n-for-s
///     substitute: {from: S, to: N, sites: [S1]}
///     x: {from: 0, to: 0.5, steps: 3}          # or a list [0, 0.25, 0.5]
///     compensate: {by: interstitial, element: Li, site: {label: Li24e, position: [0.28, 0, 0]}}
///     strain: [-0.03, 0, 0.03]                  # relative change of all lattice vectors, or lattice_a: [5.554, 5.719]
///     order: {supercell: [2, 2, 2], keep: 3, samples: 300, seed: 42}
/// </code>
/// Every problem is one line naming the file, the line and the key.
/// </summary>
public static class RulesYaml
{
    public const int MaxSeriesPoints = 1000;

    public static RuleSet Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var stream = new YamlStream();
        try { using var r = new StringReader(File.ReadAllText(path)); stream.Load(r); }
        catch (YamlException e) { throw new NitrolyteFormatException(path, $"not valid YAML: {e.Message}", e.Start.Line); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new NitrolyteFormatException(path, "expected a mapping with 'parent' and 'rules'");
        var parentText = Scalar(path, root, "parent") ?? throw new NitrolyteFormatException(path, "no 'parent' (a structure file or prototype name)", Line(root));
        var (parent, ops, parentSource) = LoadParent(path, parentText, Line(Get(root, "parent")!));
        var overrides = new Dictionary<string, double>();
        if (Get(root, "oxidation") is YamlMappingNode ox)
            foreach (var (k, v) in ox.Children)
                overrides[((YamlScalarNode)k).Value ?? ""] = Number(path, v, $"oxidation.{k}");
        try { parent = OxidationStates.Assign(parent, overrides); }
        catch (NitrolyteInputException e) { throw new NitrolyteFormatException(path, $"parent {parentText}: {e.Message} (give them under 'oxidation:')"); }
        if (Get(root, "rules") is not YamlSequenceNode rulesNode || rulesNode.Children.Count == 0)
            throw new NitrolyteFormatException(path, "'rules' must be a non-empty list", Line(root));
        var rules = new List<GenerationRule>();
        int n = 0;
        foreach (var node in rulesNode.Children)
        {
            n++;
            if (node is not YamlMappingNode m) throw new NitrolyteFormatException(path, $"rule {n} is not a mapping", Line(node));
            rules.Add(ReadRule(path, m, n));
        }
        var dup = rules.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new NitrolyteFormatException(path, $"two rules are named '{dup.Key}'");
        return new RuleSet(path, parentSource, parent, ops, rules);
    }

    private static (Structure, IReadOnlyList<SymmetryOperation>, string) LoadParent(string rulesPath, string text, int line)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(rulesPath))!;
        var file = Path.IsPathRooted(text) ? text : Path.Combine(dir, text);
        if (File.Exists(file))
        {
            var s = StructureReader.Read(file);
            var ext = Path.GetExtension(file).ToLowerInvariant();
            IReadOnlyList<SymmetryOperation> ops = ext is ".cif" or ".mcif" ? CifReader.SymmetryOperations(File.ReadAllText(file), file) : [SymmetryOperation.Identity];
            return (s, ops, file);
        }
        if (Prototypes.Find(text) is { } p)
            return (Prototypes.Get(p.Name), CifReader.SymmetryOperations(p.CifText, $"prototype {p.Name}"), $"prototype {p.Name}");
        throw new NitrolyteFormatException(rulesPath, $"parent '{text}': no such file ({file}) and no prototype of that name (known: {string.Join(", ", Prototypes.Names)})", line);
    }

    private static GenerationRule ReadRule(string path, YamlMappingNode m, int n)
    {
        var name = Scalar(path, m, "name") ?? $"rule{n}";
        string where = $"rule '{name}'";
        foreach (var (k, _) in m.Children)
            if (((YamlScalarNode)k).Value is not ("name" or "substitute" or "x" or "compensate" or "strain" or "lattice_a" or "order"))
                throw new NitrolyteFormatException(path, $"{where}: unknown key '{k}' (known: name, substitute, x, compensate, strain, lattice_a, order)", Line(k));
        SubstitutionSpec? sub = null;
        if (Get(m, "substitute") is { } subNode)
        {
            if (subNode is not YamlMappingNode sm) throw new NitrolyteFormatException(path, $"{where}: 'substitute' must be a mapping {{from, to, sites?, oxidation?}}", Line(subNode));
            var from = Scalar(path, sm, "from") ?? throw new NitrolyteFormatException(path, $"{where}: substitute needs 'from' (the element replaced)", Line(sm));
            var to = Scalar(path, sm, "to") ?? throw new NitrolyteFormatException(path, $"{where}: substitute needs 'to' (the element put in)", Line(sm));
            if (!Chemistry.Element.TryGet(to, out _)) throw new NitrolyteFormatException(path, $"{where}: '{to}' is not an element", Line(sm));
            double? q = Get(sm, "oxidation") is { } qn ? Number(path, qn, $"{where}.substitute.oxidation") : null;
            sub = new SubstitutionSpec(from, to, Strings(path, sm, "sites"), q);
        }
        var x = Series(path, Get(m, "x"), $"{where}: x");
        if (sub is null && x.Count > 0) throw new NitrolyteFormatException(path, $"{where}: 'x' without 'substitute'", Line(m));
        if (sub is not null && x.Count == 0) throw new NitrolyteFormatException(path, $"{where}: 'substitute' needs 'x' (the fraction replaced, a list or {{from, to, steps}})", Line(m));
        foreach (var v in x)
            if (v < 0 || v > 1) throw new NitrolyteFormatException(path, $"{where}: x = {v} is outside 0..1", Line(m));
        CompensationSpec? comp = null;
        if (Get(m, "compensate") is { } cNode)
        {
            if (cNode is not YamlMappingNode cm) throw new NitrolyteFormatException(path, $"{where}: 'compensate' must be a mapping {{by, element, sites | site}}", Line(cNode));
            var by = Scalar(path, cm, "by") ?? throw new NitrolyteFormatException(path, $"{where}: compensate needs 'by: vacancy' or 'by: interstitial'", Line(cm));
            if (by is not ("vacancy" or "interstitial")) throw new NitrolyteFormatException(path, $"{where}: compensate by '{by}': expected vacancy or interstitial", Line(cm));
            var el = Scalar(path, cm, "element") ?? "Li";
            InterstitialSpec? inter = null;
            if (by == "interstitial")
            {
                if (Get(cm, "site") is not YamlMappingNode site)
                    throw new NitrolyteFormatException(path, $"{where}: interstitial compensation needs 'site: {{label, position: [a, b, c]}}' or 'site: {{label, positions: [[a,b,c], ...]}}'", Line(cm));
                var label = Scalar(path, site, "label") ?? el + "i";
                var pos = new List<(double, double, double)>();
                if (Get(site, "position") is { } one) pos.Add(Triple(path, one, $"{where}.site.position"));
                if (Get(site, "positions") is YamlSequenceNode many) pos.AddRange(many.Children.Select(c => Triple(path, c, $"{where}.site.positions")));
                if (pos.Count == 0) throw new NitrolyteFormatException(path, $"{where}: the interstitial site has no position", Line(site));
                bool expand = Scalar(path, site, "expand") is not ("false" or "no");
                inter = new InterstitialSpec(label, pos, expand);
            }
            comp = new CompensationSpec(by, el, Strings(path, cm, "sites"), inter);
        }
        var strains = Series(path, Get(m, "strain"), $"{where}: strain");
        foreach (var s in strains)
            if (s <= -0.5 || s >= 0.5) throw new NitrolyteFormatException(path, $"{where}: strain {s} is outside (-0.5, 0.5) (a relative change, 0.02 = +2 %)", Line(m));
        var latticeA = Series(path, Get(m, "lattice_a"), $"{where}: lattice_a");
        if (strains.Count > 0 && latticeA.Count > 0) throw new NitrolyteFormatException(path, $"{where}: give 'strain' or 'lattice_a', not both", Line(m));
        foreach (var a in latticeA)
            if (!(a > 0.5 && a < 100)) throw new NitrolyteFormatException(path, $"{where}: lattice_a {a} Å is not plausible", Line(m));
        OrderingSpec? order = null;
        if (Get(m, "order") is { } oNode)
        {
            if (oNode is not YamlMappingNode om) throw new NitrolyteFormatException(path, $"{where}: 'order' must be a mapping {{supercell, keep, samples, seed}}", Line(oNode));
            var scNode = Get(om, "supercell");
            int[] sc = scNode is YamlSequenceNode scs && scs.Children.Count == 3
                ? scs.Children.Select(c => (int)Number(path, c, $"{where}.order.supercell")).ToArray()
                : scNode is null ? [1, 1, 1] : throw new NitrolyteFormatException(path, $"{where}: order.supercell must be three integers [na, nb, nc]", Line(scNode));
            if (sc.Any(v => v < 1 || v > 8)) throw new NitrolyteFormatException(path, $"{where}: order.supercell entries must be 1..8", Line(om));
            int keep = Get(om, "keep") is { } k ? (int)Number(path, k, $"{where}.order.keep") : 3;
            int samples = Get(om, "samples") is { } sa ? (int)Number(path, sa, $"{where}.order.samples") : 300;
            int seed = Get(om, "seed") is { } se ? (int)Number(path, se, $"{where}.order.seed") : 42;
            if (keep < 1 || keep > 100) throw new NitrolyteFormatException(path, $"{where}: order.keep {keep} must be 1..100", Line(om));
            if (samples < 1 || samples > 100_000) throw new NitrolyteFormatException(path, $"{where}: order.samples {samples} must be 1..100000", Line(om));
            order = new OrderingSpec(sc, keep, samples, seed);
        }
        return new GenerationRule(name, sub, x, comp, strains, latticeA, order);
    }

    private static YamlNode? Get(YamlMappingNode m, string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;
    private static int Line(YamlNode n) => (int)n.Start.Line;

    private static string? Scalar(string path, YamlMappingNode m, string key) => Get(m, key) switch
    {
        null => null,
        YamlScalarNode s => s.Value,
        var other => throw new NitrolyteFormatException(path, $"'{key}' must be a single value", Line(other)),
    };

    private static IReadOnlyList<string> Strings(string path, YamlMappingNode m, string key) => Get(m, key) switch
    {
        null => [],
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode q => q.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw new NitrolyteFormatException(path, $"'{key}' must list names", Line(c))).ToList(),
        var other => throw new NitrolyteFormatException(path, $"'{key}' must be a name or a list of names", Line(other)),
    };

    private static double Number(string path, YamlNode n, string what)
    {
        if (n is YamlScalarNode s && double.TryParse(s.Value?.Replace("+", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        throw new NitrolyteFormatException(path, $"{what}: '{n}' is not a number", Line(n));
    }

    private static (double, double, double) Triple(string path, YamlNode n, string what)
    {
        if (n is YamlSequenceNode q && q.Children.Count == 3)
            return (Number(path, q.Children[0], what), Number(path, q.Children[1], what), Number(path, q.Children[2], what));
        throw new NitrolyteFormatException(path, $"{what}: expected three fractional coordinates [a, b, c]", Line(n));
    }

    /// <summary>A list of numbers, one number, or {from, to, steps} (steps points, both ends included).</summary>
    private static IReadOnlyList<double> Series(string path, YamlNode? n, string what)
    {
        switch (n)
        {
            case null: return [];
            case YamlScalarNode: return [Number(path, n, what)];
            case YamlSequenceNode q:
                if (q.Children.Count > MaxSeriesPoints) throw new NitrolyteFormatException(path, $"{what}: more than {MaxSeriesPoints} values", Line(n));
                return q.Children.Select(c => Number(path, c, what)).ToList();
            case YamlMappingNode m:
                var from = Get(m, "from") is { } f ? Number(path, f, what + ".from") : throw new NitrolyteFormatException(path, $"{what}: a range needs from, to, steps", Line(n));
                var to = Get(m, "to") is { } t ? Number(path, t, what + ".to") : throw new NitrolyteFormatException(path, $"{what}: a range needs from, to, steps", Line(n));
                int steps = Get(m, "steps") is { } st ? (int)Number(path, st, what + ".steps") : throw new NitrolyteFormatException(path, $"{what}: a range needs from, to, steps", Line(n));
                if (steps < 1 || steps > MaxSeriesPoints) throw new NitrolyteFormatException(path, $"{what}: steps must be 1..{MaxSeriesPoints}", Line(n));
                return Enumerable.Range(0, steps).Select(i => steps == 1 ? from : Math.Round(from + (to - from) * i / (steps - 1), 12)).ToList();
            default: throw new NitrolyteFormatException(path, $"{what}: expected numbers", Line(n));
        }
    }
}
