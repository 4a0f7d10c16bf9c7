namespace Nitrolyte.Structures;

/// <summary>
/// A plain scalar field on a periodic grid over a cell, as writers take it (cube, grd): point (i, j, k) sits at
/// fractional (i/Na, j/Nb, k/Nc); values with k fastest, index = (i·Nb + j)·Nc + k. A read-only view: the analysis
/// that computed the values (a BVSE landscape, an MD density) keeps its own array.
/// </summary>
public sealed class ScalarGrid
{
    private readonly ReadOnlyMemory<double> values;

    public ScalarGrid(Lattice lattice, int na, int nb, int nc, ReadOnlyMemory<double> values)
    {
        if (values.Length != (long)na * nb * nc) throw new ArgumentException($"grid size mismatch: {values.Length} values for {na}×{nb}×{nc}");
        Lattice = lattice; Na = na; Nb = nb; Nc = nc; this.values = values;
    }

    public Lattice Lattice { get; }
    public int Na { get; }
    public int Nb { get; }
    public int Nc { get; }
    public int Count => values.Length;
    public ReadOnlySpan<double> Values => values.Span;
    public double this[int i, int j, int k] => values.Span[(i * Nb + j) * Nc + k];
}
