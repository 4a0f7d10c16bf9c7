using Nitrolyte.Structures;

namespace Nitrolyte.Screening;

/// <summary>Replace a fraction x of species <see cref="From"/> by <see cref="To"/> (oxidation state
/// <see cref="ToOxidation"/>, else the usual one) on the sites labelled <see cref="Sites"/> (all sites holding From when empty).</summary>
public sealed record SubstitutionSpec(string From, string To, IReadOnlyList<string> Sites, double? ToOxidation);

/// <summary>Representative fractional positions of an interstitial site, expanded over the parent's symmetry
/// operations (its CIF) unless <see cref="Expand"/> is false.</summary>
public sealed record InterstitialSpec(string Label, IReadOnlyList<(double A, double B, double C)> Positions, bool Expand);

/// <summary>How the charge a substitution leaves is balanced: "vacancy" removes <see cref="Element"/> from the sites
/// <see cref="Sites"/> (all sites holding it when empty), "interstitial" adds it on <see cref="Interstitial"/>.</summary>
public sealed record CompensationSpec(string By, string Element, IReadOnlyList<string> Sites, InterstitialSpec? Interstitial);

/// <summary>Order each composition in a supercell by Ewald ranking (the existing Orderer) and keep the
/// <see cref="Keep"/> lowest distinct decorations.</summary>
public sealed record OrderingSpec(int[] Supercell, int Keep, int Samples, int Seed);

/// <summary>One rule of a rules.yaml: a composition series (x), optional charge compensation, a strain or
/// lattice-constant series, and an optional ordering.</summary>
public sealed record GenerationRule(
    string Name,
    SubstitutionSpec? Substitute,
    IReadOnlyList<double> X,
    CompensationSpec? Compensate,
    IReadOnlyList<double> Strains,
    IReadOnlyList<double> LatticeA,
    OrderingSpec? Order);

/// <summary>A parsed rules file: the parent structure (with oxidation states), its symmetry operations and the rules.</summary>
public sealed record RuleSet(
    string Path,
    string ParentSource,
    Structure Parent,
    IReadOnlyList<SymmetryOperation> ParentOperations,
    IReadOnlyList<GenerationRule> Rules);
