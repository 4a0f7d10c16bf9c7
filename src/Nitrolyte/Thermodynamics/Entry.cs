using Nitrolyte.Chemistry;

namespace Nitrolyte.Thermodynamics;

/// <summary>
/// A computed (DFT) entry: a composition with its total energy in eV for that composition as written, an optional
/// energy correction (e.g. Materials Project anion/U corrections; the corrected energy is used everywhere), a name,
/// an optional id and free-form metadata (run type, functional, source file...).
/// Identity is by reference: two entries with equal numbers are still two entries.
/// </summary>
public sealed class Entry
{
    /// <summary>Largest |energy per atom| accepted (all-electron totals of heavy atoms are ~1e5 eV; beyond 1e6 it is a unit or overflow error, and hull arithmetic loses all precision).</summary>
    public const double MaxAbsEnergyPerAtomEV = 1e6;

    public Entry(Composition composition, double energyEV, double correctionEV = 0, string? name = null, string? id = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(composition);
        if (!double.IsFinite(energyEV)) throw new Core.NitrolyteInputException($"entry {name ?? composition.Formula}: energy is not a finite number");
        if (!double.IsFinite(correctionEV)) throw new Core.NitrolyteInputException($"entry {name ?? composition.Formula}: correction is not a finite number");
        if (!double.IsFinite(energyEV + correctionEV))
            throw new Core.NitrolyteInputException($"entry {name ?? composition.Formula}: energy + correction overflows (not a finite number)");
        if (composition.Amounts.Any(kv => !double.IsFinite(kv.Value)) || !double.IsFinite(composition.Amounts.Sum(kv => kv.Value)))
            throw new Core.NitrolyteInputException($"entry {name ?? composition.Formula}: an amount in the composition is not a finite number");
        if (composition.Amounts.Count == 0 || composition.Amounts.Any(kv => kv.Value < 0))
            throw new Core.NitrolyteInputException($"entry {name ?? composition.Formula}: the composition must have positive amounts");
        double atoms = composition.Amounts.Sum(kv => kv.Value);
        if (atoms > 0 && Math.Abs((energyEV + correctionEV) / atoms) > MaxAbsEnergyPerAtomEV)
            throw new Core.NitrolyteInputException(
                $"entry {name ?? composition.Formula}: {(energyEV + correctionEV) / atoms:G4} eV per atom is not a total energy (|E| per atom must be below {MaxAbsEnergyPerAtomEV:G0} eV; check the unit, e.g. meV or J)");
        Composition = composition;
        UncorrectedEnergyEV = energyEV;
        CorrectionEV = correctionEV;
        Name = name ?? composition.Formula;
        Id = id;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    public Composition Composition { get; }
    /// <summary>Total energy of the composition as written, before corrections (eV).</summary>
    public double UncorrectedEnergyEV { get; }
    public double CorrectionEV { get; }
    /// <summary>Energy used by every analysis: uncorrected + correction (eV).</summary>
    public double EnergyEV => UncorrectedEnergyEV + CorrectionEV;
    public double EnergyPerAtomEV => EnergyEV / Composition.TotalAtoms;
    public string Name { get; }
    public string? Id { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public string Formula => Composition.Formula;

    /// <summary>Reduced formula (amounts divided by their greatest common divisor when they are integers).</summary>
    public string ReducedFormula => Reduce(Composition).Formula;

    public static Composition Reduce(Composition c)
    {
        return c.DivideByIntegerGcd(1e-8) is (Composition reduced, long g) && g > 1 ? reduced : c;
    }

    public override string ToString() => $"{Name} ({EnergyEV:0.######} eV)";
}

/// <summary>Entries read from one source, with what the reader did to them.</summary>
public sealed record EntrySet(string Source, IReadOnlyList<Entry> Entries, int DuplicatesDropped = 0)
{
    /// <summary>
    /// Removes exact duplicates (same name, same amounts, same energy and correction), as pymatgen's EntrySet does
    /// for the rows of a CSV. Returns the kept entries (first occurrence) and how many were dropped.
    /// </summary>
    public static (List<Entry> Kept, int Dropped) Deduplicate(IEnumerable<Entry> entries)
    {
        var seen = new HashSet<string>();
        var kept = new List<Entry>();
        int dropped = 0;
        foreach (var e in entries)
        {
            var key = e.Name + "|" + string.Join(";", e.Composition.Amounts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key}:{kv.Value:R}")) + $"|{e.UncorrectedEnergyEV:R}|{e.CorrectionEV:R}";
            if (seen.Add(key)) kept.Add(e); else dropped++;
        }
        return (kept, dropped);
    }
}
