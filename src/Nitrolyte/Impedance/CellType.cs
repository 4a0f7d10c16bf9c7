namespace Nitrolyte.Impedance;

public enum CellType
{
    /// <summary>Ion-blocking electrodes (Au|SE|Au): arcs are bulk and grain boundary, plus an electrode spike.</summary>
    Blocking,
    /// <summary>Symmetric non-blocking cell (Li|SE|Li): the series resistance is the electrolyte, arcs are the two interfaces.</summary>
    Symmetric,
}
