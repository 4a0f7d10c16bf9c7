using System.Globalization;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Electrostatics;
using Nitrolyte.Structures;

namespace Nitrolyte.Screening;

/// <summary>One generated structure with the rule point that made it.</summary>
public sealed record GeneratedCandidate(Structure Structure, string RuleName, double? X, double? Strain, double? LatticeA, int? OrderingRank, double? OrderingEwaldEV, string RuleText);

/// <summary>
/// Expands the rules of a <see cref="RuleSet"/> into structures. For each x: a fraction x of the 'from' species on the
/// chosen sites becomes 'to'; the cell charge this leaves, ΔQ = Σ occ·x·(q_to − q_from), is balanced by removing
/// ΔQ/q of the compensating element from its sites (vacancies, spread in proportion to its occupancy) or by adding
/// −ΔQ/q of it spread evenly over the interstitial orbit; then the lattice is strained (or set to a); then, when
/// asked, the composition is ordered in a supercell by Ewald ranking and the K lowest distinct decorations are kept.
/// A rule that cannot balance the charge throws a one-line message naming the rule and the point.
/// </summary>
public static class RuleGenerator
{
    public const double ChargeToleranceE = 1e-6;

    public static IReadOnlyList<GeneratedCandidate> Expand(RuleSet set)
    {
        var list = new List<GeneratedCandidate>();
        foreach (var rule in set.Rules) list.AddRange(Expand(set, rule));
        return list;
    }

    public static IReadOnlyList<GeneratedCandidate> Expand(RuleSet set, GenerationRule rule)
    {
        var inv = CultureInfo.InvariantCulture;
        var list = new List<GeneratedCandidate>();
        double parentCharge = OxidationStates.NetCharge(set.Parent);
        IReadOnlyList<double?> xs = rule.Substitute is null ? [null] : rule.X.Select(v => (double?)v).ToList();
        var lattice = rule.LatticeA.Count > 0 ? rule.LatticeA.Select(a => (Strain: (double?)null, A: (double?)a)).ToList()
            : rule.Strains.Count > 0 ? rule.Strains.Select(s => (Strain: (double?)s, A: (double?)null)).ToList()
            : [(Strain: (double?)null, A: (double?)null)];
        foreach (var x in xs)
        {
            var composed = x is { } xv ? Substitute(set, rule, xv) : set.Parent;
            foreach (var (strain, a) in lattice)
            {
                var s = Strain(composed, strain, a);
                var point = $"rule={rule.Name}" + (x is { } xx ? $";x={xx.ToString("R", inv)}" : "")
                            + (strain is { } st ? $";strain={st.ToString("R", inv)}" : "") + (a is { } aa ? $";a={aa.ToString("R", inv)}" : "");
                string Where() => $"rule '{rule.Name}'" + (x is { } x2 ? $" at x = {x2.ToString("0.####", inv)}" : "");
                // the rule balances what it changes: the parent's own residual (e.g. +0.004 e per cell from the refined
                // occupancies of the Li9N2Cl3 prototype) is kept, never silently "fixed"
                if (Math.Abs(OxidationStates.NetCharge(s) - parentCharge) > ChargeToleranceE)
                    throw new NitrolyteInputException($"{Where()}: the structure is not charge-balanced ({OxidationStates.NetCharge(s) - parentCharge:0.######} e per cell more than the parent)");
                var title = $"{s.Composition.Formula} ({rule.Name})";
                if (rule.Order is not { } ord)
                {
                    list.Add(new GeneratedCandidate(new Structure(s.Lattice, s.Sites) { Title = title, SpaceGroup = s.SpaceGroup }, rule.Name, x, strain, a, null, null, point));
                    continue;
                }
                OrderingResult r;
                try
                {
                    r = Orderer.Run(s, new[,] { { ord.Supercell[0], 0, 0 }, { 0, ord.Supercell[1], 0 }, { 0, 0, ord.Supercell[2] } },
                        new OrderingOptions { Samples = ord.Samples, KeepLowest = Math.Min(ord.Keep * 4, ord.Samples), KeepRandom = 0, Seed = ord.Seed });
                }
                catch (NitrolyteInputException e) { throw new NitrolyteInputException($"{Where()}: ordering failed: {e.Message}", e); }
                var kept = Distinct(r.Configurations, ord.Keep);
                for (int k = 0; k < kept.Count; k++)
                {
                    var c = kept[k];
                    var text = point + $";order={ord.Supercell[0]}x{ord.Supercell[1]}x{ord.Supercell[2]};seed={ord.Seed};samples={ord.Samples};rank={k + 1}";
                    var ordered = new Structure(c.Structure.Lattice, c.Structure.Sites) { Title = $"{c.Structure.Composition.Formula} ({rule.Name}, ordering {k + 1})" };
                    list.Add(new GeneratedCandidate(ordered, rule.Name, x, strain, a, k + 1, c.EwaldEV, text));
                }
            }
        }
        return list;
    }

    /// <summary>The lowest <paramref name="keep"/> decorations that are pairwise distinct: equal Ewald energies
    /// (within 1e-6 eV + 1e-8 relative per cell: symmetry-equivalent decorations, which differ only by the Ewald sum's
    /// round-off of ~1e-7 eV) or structures equal up to a lattice translation count once.</summary>
    public static IReadOnlyList<OrderedConfiguration> Distinct(IReadOnlyList<OrderedConfiguration> configs, int keep)
    {
        var kept = new List<OrderedConfiguration>();
        foreach (var c in configs.Where(c => !c.Random).OrderBy(c => c.EwaldEV))
        {
            if (kept.Count >= keep) break;
            if (kept.Any(k => SameEnergy(k.EwaldEV, c.EwaldEV) || StructureMatch.SameUpToTranslation(k.Structure, c.Structure))) continue;
            kept.Add(c);
        }
        return kept;
    }

    public static bool SameEnergy(double a, double b) => Math.Abs(a - b) < 1e-6 + 1e-8 * Math.Max(Math.Abs(a), Math.Abs(b));

    private static Structure Substitute(RuleSet set, GenerationRule rule, double x)
    {
        var sub = rule.Substitute!;
        var inv = CultureInfo.InvariantCulture;
        string where = $"rule '{rule.Name}' at x = {x.ToString("0.####", inv)}";
        var parent = set.Parent;
        double qTo = sub.ToOxidation ?? DefaultOxidation(sub.To, parent, sub.From, rule.Name);
        double dq = 0;
        bool any = false;
        var sites = new List<Site>();
        foreach (var site in parent.Sites)
        {
            bool chosen = (sub.Sites.Count == 0 || sub.Sites.Contains(site.Label)) && site.Species.Any(sp => sp.Element == sub.From);
            if (!chosen) { sites.Add(site); continue; }
            any = true;
            var species = new List<SiteSpecies>();
            foreach (var sp in site.Species)
            {
                if (sp.Element != sub.From) { species.Add(sp); continue; }
                double moved = sp.Occupancy * x;
                if (sp.Occupancy - moved > 1e-12) species.Add(sp with { Occupancy = sp.Occupancy - moved });
                if (moved > 1e-12) species.Add(new SiteSpecies(sub.To, moved, qTo));
                dq += moved * (qTo - sp.OxidationState!.Value);
            }
            sites.Add(site with { Species = Merge(species) });
        }
        if (!any)
            throw new NitrolyteInputException($"rule '{rule.Name}': no site {(sub.Sites.Count > 0 ? "labelled " + string.Join("/", sub.Sites) + " " : "")}holds {sub.From} (parent site labels: {string.Join(", ", parent.Sites.Select(s => s.Label).Distinct())})");
        if (Math.Abs(dq) <= ChargeToleranceE) return parent.WithSites(sites);
        var comp = rule.Compensate ?? throw new NitrolyteInputException(
            $"{where}: replacing {sub.From} by {sub.To}{Sign(qTo)} leaves {dq:+0.####;-0.####} e per cell and the rule has no 'compensate' (vacancy or interstitial): cannot balance charge");
        return comp.By == "vacancy" ? Vacancies(set, sites, comp, dq, where) : Interstitials(set, sites, comp, dq, where);
    }

    private static Structure Vacancies(RuleSet set, List<Site> sites, CompensationSpec comp, double dq, string where)
    {
        var q = OxidationOf(set.Parent, comp.Element, where);
        double remove = dq / q; // atoms of the compensating element to take out
        if (remove < 0)
            throw new NitrolyteInputException($"{where}: the substitution leaves {dq:+0.####;-0.####} e per cell; {comp.Element}{Sign(q)} vacancies can only make it {(q > 0 ? "more negative" : "more positive")}: cannot balance charge (use 'by: interstitial')");
        var idx = Enumerable.Range(0, sites.Count)
            .Where(i => (comp.Sites.Count == 0 || comp.Sites.Contains(sites[i].Label)) && sites[i].Species.Any(sp => sp.Element == comp.Element)).ToList();
        double available = idx.Sum(i => sites[i].Species.Where(sp => sp.Element == comp.Element).Sum(sp => sp.Occupancy));
        if (available <= 0)
            throw new NitrolyteInputException($"{where}: no {comp.Element} on the sites {(comp.Sites.Count > 0 ? string.Join("/", comp.Sites) : "of the parent")} to leave vacant: cannot balance charge");
        if (remove > available + 1e-9)
            throw new NitrolyteInputException($"{where}: balancing needs {remove:0.####} {comp.Element} vacancies per cell but the sites hold only {available:0.####} {comp.Element}: cannot balance charge");
        double keepFraction = 1 - remove / available;
        foreach (var i in idx)
            sites[i] = sites[i] with
            {
                Species = sites[i].Species.Select(sp => sp.Element == comp.Element ? sp with { Occupancy = sp.Occupancy * keepFraction } : sp)
                    .Where(sp => sp.Occupancy > 1e-12).ToList(),
            };
        return set.Parent.WithSites(sites.Where(s => s.Species.Count > 0));
    }

    private static Structure Interstitials(RuleSet set, List<Site> sites, CompensationSpec comp, double dq, string where)
    {
        var q = OxidationOf(set.Parent, comp.Element, where, allowAbsent: true);
        double add = -dq / q;
        if (add < 0)
            throw new NitrolyteInputException($"{where}: the substitution leaves {dq:+0.####;-0.####} e per cell; interstitial {comp.Element}{Sign(q)} can only make it {(q > 0 ? "more positive" : "more negative")}: cannot balance charge (use 'by: vacancy')");
        var spec = comp.Interstitial!;
        var orbit = Orbit(spec, set.ParentOperations);
        double occ = add / orbit.Count;
        if (occ > 1 + 1e-9)
            throw new NitrolyteInputException($"{where}: balancing needs {add:0.####} interstitial {comp.Element} per cell but the {spec.Label} orbit has only {orbit.Count} positions: cannot balance charge");
        foreach (var (a, b, c) in orbit)
            sites.Add(new Site(spec.Label, a, b, c, [new SiteSpecies(comp.Element, occ, q)]));
        return set.Parent.WithSites(sites);
    }

    /// <summary>The positions of the interstitial site expanded by the symmetry operations, wrapped and deduplicated (1e-4).</summary>
    public static IReadOnlyList<(double A, double B, double C)> Orbit(InterstitialSpec spec, IReadOnlyList<SymmetryOperation> ops)
    {
        var list = new List<(double, double, double)>();
        foreach (var p in spec.Positions)
            foreach (var op in spec.Expand ? ops : [SymmetryOperation.Identity])
            {
                var (a, b, c) = op.Apply(p.A, p.B, p.C);
                (a, b, c) = (SymmetryOperation.Wrap(a), SymmetryOperation.Wrap(b), SymmetryOperation.Wrap(c));
                if (!list.Any(x => Near(x.Item1, a) && Near(x.Item2, b) && Near(x.Item3, c))) list.Add((a, b, c));
            }
        return list;
        static bool Near(double u, double v) { var d = Math.Abs(u - v); return Math.Min(d, 1 - d) < 1e-4; }
    }

    private static Structure Strain(Structure s, double? strain, double? a)
    {
        double f = strain is { } e ? 1 + e : a is { } target ? target / s.Lattice.A : 1;
        if (f == 1) return s;
        var m = (double[,])s.Lattice.Matrix.Clone();
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) m[i, j] *= f;
        return new Structure(new Lattice(m), s.Sites) { Title = s.Title, SpaceGroup = s.SpaceGroup };
    }

    private static double OxidationOf(Structure parent, string element, string where, bool allowAbsent = false)
    {
        var sp = parent.Sites.SelectMany(s => s.Species).FirstOrDefault(x => x.Element == element);
        if (sp?.OxidationState is { } q && q != 0) return q;
        if (allowAbsent && Element.TryGet(element, out var el) && el.CommonOxidationStates.Count > 0) return el.CommonOxidationStates.Where(v => v != 0).DefaultIfEmpty(1).First();
        throw new NitrolyteInputException($"{where}: the compensating element {element} is not in the parent (or has no oxidation state): cannot balance charge");
    }

    private static double DefaultOxidation(string to, Structure parent, string from, string rule)
    {
        var inParent = parent.Sites.SelectMany(s => s.Species).FirstOrDefault(x => x.Element == to)?.OxidationState;
        if (inParent is { } q) return q;
        var fromQ = parent.Sites.SelectMany(s => s.Species).First(x => x.Element == from).OxidationState ?? 0;
        if (!Element.TryGet(to, out var el) || el.CommonOxidationStates.Count == 0)
            throw new NitrolyteInputException($"rule '{rule}': no oxidation state known for {to}; give substitute.oxidation");
        var states = el.CommonOxidationStates.Where(v => v != 0 && Math.Sign(v) == Math.Sign(fromQ)).ToList();
        if (states.Count == 0) throw new NitrolyteInputException($"rule '{rule}': {to} has no common oxidation state of the sign of {from} ({fromQ:+0;-0}); give substitute.oxidation");
        return fromQ > 0 ? states.Max() : states.Min();
    }

    private static IReadOnlyList<SiteSpecies> Merge(List<SiteSpecies> species) =>
        species.GroupBy(s => (s.Element, s.OxidationState)).Select(g => new SiteSpecies(g.Key.Element, g.Sum(x => x.Occupancy), g.Key.OxidationState)).ToList();

    private static string Sign(double q) => q == 0 ? "" : $"{Math.Abs(q):0.##}{(q > 0 ? "+" : "-")}";
}
