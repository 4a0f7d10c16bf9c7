namespace Nitrolyte.Formats;

/// <summary>
/// Which column of a file was read as which quantity, in which unit, and what was assumed (null when the unit
/// was stated in the header). Readers return these so results can record their provenance.
/// </summary>
public sealed record ReadColumn(string Header, string Quantity, string Unit, string? Assumption = null);
