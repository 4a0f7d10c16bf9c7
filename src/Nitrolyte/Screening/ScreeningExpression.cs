using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Screening;

/// <summary>
/// The filter and score language of 'screen report': numbers, descriptor names, + - * /, comparisons
/// (&lt; &lt;= &gt; &gt;= == !=), and/or/not, parentheses, abs(), min(), max(). A missing value (null) makes any
/// arithmetic null and any comparison false, so "bvse_3d_ev &lt; 0.3" never passes a candidate without a 3D path.
/// </summary>
public sealed class ScreeningExpression
{
    private readonly Node _root;
    public string Text { get; }
    public IReadOnlyCollection<string> Names { get; }

    private ScreeningExpression(string text, Node root, IReadOnlyCollection<string> names) { Text = text; _root = root; Names = names; }

    /// <summary>Parses <paramref name="text"/>; names not in <paramref name="known"/> are refused with the list.</summary>
    public static ScreeningExpression Parse(string text, string option, IReadOnlyCollection<string> known)
    {
        var p = new Parser(text, option);
        var root = p.ParseOr();
        if (p.Pos < p.Tokens.Count) throw p.Error($"unexpected '{p.Tokens[p.Pos].Text}'");
        foreach (var n in p.Used)
            if (!known.Contains(n)) throw new NitrolyteInputException($"{option} \"{text}\": unknown name '{n}' (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
        return new ScreeningExpression(text, root, p.Used);
    }

    public double? Evaluate(Func<string, double?> value) => _root.Eval(value);
    public bool Passes(Func<string, double?> value) => Evaluate(value) is { } v && v != 0;

    private abstract record Node { public abstract double? Eval(Func<string, double?> v); }
    private sealed record Num(double V) : Node { public override double? Eval(Func<string, double?> v) => V; }
    private sealed record Var(string Name) : Node { public override double? Eval(Func<string, double?> v) => v(Name); }
    private sealed record Unary(string Op, Node A) : Node
    {
        public override double? Eval(Func<string, double?> v) => Op == "-" ? -A.Eval(v) : A.Eval(v) is { } x ? (x == 0 ? 1 : 0) : 1;
    }
    private sealed record Call(string Name, IReadOnlyList<Node> Args) : Node
    {
        public override double? Eval(Func<string, double?> v)
        {
            var a = Args.Select(x => x.Eval(v)).ToList();
            if (a.Any(x => x is null)) return null;
            return Name switch { "abs" => Math.Abs(a[0]!.Value), "min" => a.Min(), "max" => a.Max(), _ => null };
        }
    }
    private sealed record Binary(string Op, Node A, Node B) : Node
    {
        public override double? Eval(Func<string, double?> v)
        {
            if (Op is "and" or "or")
            {
                bool l = A.Eval(v) is { } x && x != 0;
                if (Op == "and" && !l) return 0;
                if (Op == "or" && l) return 1;
                return B.Eval(v) is { } y && y != 0 ? 1 : 0;
            }
            var p = A.Eval(v); var q = B.Eval(v);
            if (p is not { } a || q is not { } b) return Op is "+" or "-" or "*" or "/" ? null : 0;
            return Op switch
            {
                "+" => a + b, "-" => a - b, "*" => a * b, "/" => b == 0 ? null : a / b,
                "<" => a < b ? 1 : 0, "<=" => a <= b ? 1 : 0, ">" => a > b ? 1 : 0, ">=" => a >= b ? 1 : 0,
                "==" => a == b ? 1 : 0, "!=" => a != b ? 1 : 0, _ => null,
            };
        }
    }

    private sealed record Token(string Text, bool IsNumber, bool IsName);

    private sealed class Parser
    {
        public readonly List<Token> Tokens = [];
        public int Pos;
        public readonly HashSet<string> Used = [];
        private readonly string _text, _option;

        public Parser(string text, string option)
        {
            _text = text; _option = option;
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
                {
                    int j = i;
                    while (j < text.Length && (char.IsDigit(text[j]) || text[j] == '.' || ((text[j] == 'e' || text[j] == 'E') && j + 1 < text.Length && (char.IsDigit(text[j + 1]) || text[j + 1] is '-' or '+')) || ((text[j] is '-' or '+') && j > i && (text[j - 1] is 'e' or 'E')))) j++;
                    Tokens.Add(new Token(text[i..j], true, false)); i = j; continue;
                }
                if (char.IsLetter(c) || c == '_')
                {
                    int j = i;
                    while (j < text.Length && (char.IsLetterOrDigit(text[j]) || text[j] == '_')) j++;
                    Tokens.Add(new Token(text[i..j], false, true)); i = j; continue;
                }
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                if (two is "<=" or ">=" or "==" or "!=" or "&&" or "||") { Tokens.Add(new Token(two == "&&" ? "and" : two == "||" ? "or" : two, false, false)); i += 2; continue; }
                if ("<>+-*/(),!".Contains(c)) { Tokens.Add(new Token(c == '!' ? "not" : c.ToString(), false, false)); i++; continue; }
                throw Error($"unexpected character '{c}'");
            }
        }

        public NitrolyteInputException Error(string what) => new($"{_option} \"{_text}\": {what}");
        private string? Peek => Pos < Tokens.Count ? Tokens[Pos].Text : null;
        private bool Accept(string t) { if (Peek == t && !(Tokens[Pos].IsName && t is not ("and" or "or" or "not"))) { Pos++; return true; } return false; }

        public Node ParseOr() { var a = ParseAnd(); while (Accept("or")) a = new Binary("or", a, ParseAnd()); return a; }
        private Node ParseAnd() { var a = ParseNot(); while (Accept("and")) a = new Binary("and", a, ParseNot()); return a; }
        private Node ParseNot() => Accept("not") ? new Unary("not", ParseNot()) : ParseCmp();
        private Node ParseCmp()
        {
            var a = ParseAdd();
            foreach (var op in new[] { "<=", ">=", "==", "!=", "<", ">" })
                if (Accept(op)) return new Binary(op, a, ParseAdd());
            return a;
        }
        private Node ParseAdd()
        {
            var a = ParseMul();
            while (true) { if (Accept("+")) a = new Binary("+", a, ParseMul()); else if (Accept("-")) a = new Binary("-", a, ParseMul()); else return a; }
        }
        private Node ParseMul()
        {
            var a = ParseUnary();
            while (true) { if (Accept("*")) a = new Binary("*", a, ParseUnary()); else if (Accept("/")) a = new Binary("/", a, ParseUnary()); else return a; }
        }
        private Node ParseUnary() => Accept("-") ? new Unary("-", ParseUnary()) : ParsePrimary();
        private Node ParsePrimary()
        {
            if (Pos >= Tokens.Count) throw Error("ends too early");
            var t = Tokens[Pos++];
            if (t.IsNumber)
                return double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? new Num(v) : throw Error($"'{t.Text}' is not a number");
            if (t.IsName && t.Text is not ("and" or "or" or "not"))
            {
                if (t.Text is "abs" or "min" or "max" && Peek == "(")
                {
                    Pos++;
                    var args = new List<Node> { ParseOr() };
                    while (Accept(",")) args.Add(ParseOr());
                    if (!Accept(")")) throw Error("missing ')'");
                    if (t.Text == "abs" && args.Count != 1) throw Error("abs() takes one argument");
                    return new Call(t.Text, args);
                }
                Used.Add(t.Text);
                return new Var(t.Text);
            }
            if (t.Text == "(") { var e = ParseOr(); if (!Accept(")")) throw Error("missing ')'"); return e; }
            throw Error($"unexpected '{t.Text}'");
        }
    }
}
