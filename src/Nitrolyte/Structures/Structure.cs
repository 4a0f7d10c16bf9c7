using Nitrolyte.Chemistry;

namespace Nitrolyte.Structures;

/// <summary>One species on a site with its occupancy (0..1) and, when known, oxidation state.</summary>
public sealed record SiteSpecies(string Element, double Occupancy, double? OxidationState = null);

/// <summary>
/// A crystallographic site: fractional coordinates and the species that share it. The sum of occupancies may be
/// below 1; the rest is vacancy (explicit through <see cref="VacancyFraction"/>).
/// </summary>
public sealed record Site(string Label, double FracA, double FracB, double FracC, IReadOnlyList<SiteSpecies> Species)
{
    public double TotalOccupancy => Species.Sum(s => s.Occupancy);
    public double VacancyFraction => Math.Max(0, 1 - TotalOccupancy);
    public bool IsOrdered => Species.Count == 1 && Math.Abs(Species[0].Occupancy - 1) < 1e-9;
    /// <summary>The species of an ordered site.</summary>
    public string Element => Species.Count == 1 ? Species[0].Element : string.Join("/", Species.Select(s => s.Element));

    public static Site Ordered(string element, double a, double b, double c, double? oxidation = null, string? label = null) =>
        new(label ?? element, a, b, c, [new SiteSpecies(element, 1, oxidation)]);
}

/// <summary>A periodic crystal structure: a lattice and its sites (possibly partially occupied).</summary>
public sealed class Structure
{
    public Lattice Lattice { get; }
    public IReadOnlyList<Site> Sites { get; }
    public string? Title { get; init; }
    /// <summary>Space-group symbol as given by the source file (not derived), if any.</summary>
    public string? SpaceGroup { get; init; }

    public Structure(Lattice lattice, IEnumerable<Site> sites)
    {
        Lattice = lattice;
        Sites = sites.ToList();
    }

    public bool IsOrdered => Sites.All(s => s.IsOrdered);

    /// <summary>Occupancy-weighted amounts of each element in the cell.</summary>
    public Composition Composition =>
        new(Sites.SelectMany(s => s.Species).Select(sp => new KeyValuePair<string, double>(sp.Element, sp.Occupancy)));

    public double VolumeA3 => Lattice.VolumeA3;

    /// <summary>Density in g/cm3 from the occupancy-weighted cell content.</summary>
    public double DensityGPerCm3 => Composition.MolarMassGPerMol / Core.PhysicalConstants.AvogadroPerMol / (VolumeA3 * 1e-24);

    public (double X, double Y, double Z) CartesianOf(Site s) => Lattice.ToCartesian(s.FracA, s.FracB, s.FracC);
}
