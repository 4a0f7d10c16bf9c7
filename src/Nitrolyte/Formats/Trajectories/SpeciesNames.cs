namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// Turns the species token of an atom line into a shared string without allocating one per atom per frame
/// (a trajectory repeats the same few names millions of times).
/// </summary>
internal sealed class SpeciesNames
{
    private readonly List<(byte[] Bytes, string Name)> _known = [];

    private readonly Dictionary<string, bool> _isElement = new(StringComparer.Ordinal);

    /// <summary>Is the (shared) name an element symbol? Looked up once per distinct name.</summary>
    public bool IsElement(string name)
    {
        if (!_isElement.TryGetValue(name, out var ok)) _isElement[name] = ok = Chemistry.Element.TryGet(name, out _);
        return ok;
    }

    public string Get(ReadOnlySpan<byte> token) => Get(token, out _);

    /// <summary>The shared name and whether it is an element symbol (both found by one scan of the few known names;
    /// the last match is tried first, as atom lines come in runs of one species).</summary>
    public string Get(ReadOnlySpan<byte> token, out bool isElement)
    {
        if (_last >= 0 && token.SequenceEqual(_known[_last].Bytes)) { isElement = _knownIsElement[_last]; return _known[_last].Name; }
        for (int k = 0; k < _known.Count; k++)
            if (token.SequenceEqual(_known[k].Bytes)) { _last = k; isElement = _knownIsElement[k]; return _known[k].Name; }
        var s = TextLines.Text(token);
        _known.Add((token.ToArray(), s));
        _knownIsElement.Add(isElement = IsElement(s));
        _last = _known.Count - 1;
        return s;
    }

    private readonly List<bool> _knownIsElement = [];
    private int _last = -1;
}
