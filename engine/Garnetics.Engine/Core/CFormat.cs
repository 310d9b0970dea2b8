using System.Text;

namespace Garnetics.Engine.Core;

/// <summary>
/// C printf-style formatting of one value, as LAMMPS decks use it: variable values ("%.15g"), immediate variables
/// ("%.20g" or a user format), format-style variables, thermo_modify / dump_modify format, fix ave/time format, box
/// bounds in dumps. A format holds at most one conversion (%d %i %u %f %F %e %E %g %G with flags - + space 0 #, width
/// and precision; %s prints a number as its shortest round-trip text); the text around it is kept and %% is a percent
/// sign. Errors are <see cref="GarneticsException"/>s without a location (callers add the deck position).
/// </summary>
public static class CFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How LAMMPS prints the value of an equal-style variable: "%.15g" (2 -> "2", 0.1 -> "0.1").</summary>
    public static string G15(double v) => Format("%.15g", v);

    /// <summary>Shortest round-trip text of a double (data files, restart-like text): 0.1 -> "0.1".</summary>
    public static string RoundTrip(double v) => v.ToString("R", Inv);

    /// <summary>
    /// Format <paramref name="v"/> with a C format. A format without a conversion prints as its text, unless
    /// <paramref name="requireConversion"/> (variables, which exist to print a number).
    /// </summary>
    /// <exception cref="GarneticsException">More than one conversion, an incomplete or unsupported one, or none when required.</exception>
    public static string Format(string fmt, double v, bool requireConversion = false)
    {
        if (!Scan(fmt, requireConversion, out int start, out int end, out var spec)) return Unescape(fmt);
        return Unescape(fmt[..start]) + Number(v, spec, fmt) + Unescape(fmt[end..]);
    }

    /// <summary>Format a text through a "%s" conversion ("%s", "%-8s", "%8s", "%.3s"); text around it is kept.</summary>
    public static string FormatText(string fmt, string s)
    {
        if (!Scan(fmt, false, out int start, out int end, out var spec)) return Unescape(fmt);
        if (spec.Conv != 's') throw new GarneticsException($"bad format '{fmt}' for a text column (use %s)");
        if (spec.Prec >= 0 && s.Length > spec.Prec) s = s[..spec.Prec];
        string body = s.Length >= spec.Width ? s : spec.Left ? s.PadRight(spec.Width) : s.PadLeft(spec.Width);
        return Unescape(fmt[..start]) + body + Unescape(fmt[end..]);
    }

    private readonly record struct Spec(bool Left, bool Plus, bool Space, bool Zero, bool Alt, int Width, int Prec, char Conv);

    /// <summary>Find the one conversion of <paramref name="fmt"/>: [start, end) and its flags; false when there is none.</summary>
    private static bool Scan(string fmt, bool requireConversion, out int start, out int end, out Spec spec)
    {
        start = end = -1;
        spec = default;
        int i = 0;
        while (i < fmt.Length)
        {
            if (fmt[i] != '%') { i++; continue; }
            if (i + 1 < fmt.Length && fmt[i + 1] == '%') { i += 2; continue; }
            int j = i + 1;
            bool left = false, plus = false, space = false, zero = false, alt = false;
            for (; j < fmt.Length; j++)
            {
                char f = fmt[j];
                if (f == '-') left = true;
                else if (f == '+') plus = true;
                else if (f == ' ') space = true;
                else if (f == '0') zero = true;
                else if (f == '#') alt = true;
                else break;
            }
            int width = 0;
            while (j < fmt.Length && char.IsAsciiDigit(fmt[j])) width = width * 10 + (fmt[j++] - '0');
            int prec = -1;
            if (j < fmt.Length && fmt[j] == '.')
            {
                j++;
                prec = 0;
                while (j < fmt.Length && char.IsAsciiDigit(fmt[j])) prec = prec * 10 + (fmt[j++] - '0');
            }
            while (j < fmt.Length && "hlLqjzt".Contains(fmt[j])) j++;
            if (j >= fmt.Length) throw new GarneticsException($"incomplete conversion in format '{fmt}'");
            if (start >= 0) throw new GarneticsException($"format '{fmt}' has more than one conversion");
            start = i;
            end = j + 1;
            spec = new Spec(left, plus, space, zero, alt, width, prec, fmt[j]);
            i = end;
        }
        if (start < 0 && requireConversion)
            throw new GarneticsException($"format '{fmt}' has no numeric conversion (e.g. %g, %.3f)");
        return start >= 0;
    }

    private static string Unescape(string text) => text.Contains('%') ? text.Replace("%%", "%") : text;

    private static string Number(double v, Spec c, string fmt)
    {
        char conv = c.Conv;
        bool neg = double.IsNegative(v) && !double.IsNaN(v);
        bool finite = double.IsFinite(v);
        bool zero = c.Zero, plus = c.Plus, space = c.Space;
        string body;
        if (conv == 's')
        {
            // not C (whose %s takes a string): the number's shortest round-trip text, sign flags ignored
            string r = RoundTrip(v);
            body = r.StartsWith('-') ? r[1..] : r;
            plus = space = false;
        }
        else if (!finite)
        {
            if (!"fFeEgGdiu".Contains(conv)) throw Unsupported(conv, fmt);
            body = double.IsNaN(v) ? "nan" : "inf";
        }
        else
        {
            double a = Math.Abs(v);
            switch (conv)
            {
                case 'f' or 'F':
                    body = Fixed(a, c.Prec < 0 ? 6 : c.Prec, c.Alt);
                    break;
                case 'e' or 'E':
                    body = Exp(a, c.Prec < 0 ? 6 : c.Prec, c.Alt, out _);
                    break;
                case 'g' or 'G':
                    body = General(a, c.Prec, c.Alt);
                    break;
                case 'd' or 'i' or 'u':
                {
                    // the integer part, as C's conversion of a double to an integer truncates
                    double t = Math.Truncate(v);
                    neg = t < 0;
                    body = Math.Abs(t).ToString("F0", Inv);
                    if (c.Prec > 0 && body.Length < c.Prec) body = body.PadLeft(c.Prec, '0');
                    zero &= c.Prec < 0;
                    break;
                }
                default:
                    throw Unsupported(conv, fmt);
            }
        }
        if (char.IsUpper(conv)) body = body.ToUpperInvariant();
        string sign = neg ? "-" : plus ? "+" : space ? " " : "";
        int pad = c.Width - sign.Length - body.Length;
        if (pad <= 0) return sign + body;
        if (c.Left) return sign + body + new string(' ', pad);
        if (zero && finite) return sign + new string('0', pad) + body;
        return new string(' ', pad) + sign + body;
    }

    private static GarneticsException Unsupported(char conv, string fmt) =>
        new($"unsupported conversion '%{conv}' in format '{fmt}' (use %f, %e, %g or %d)");

    private static string Fixed(double a, int prec, bool alt)
    {
        var s = a.ToString("F" + prec.ToString(Inv), Inv);
        if (alt && prec == 0) s += ".";
        return s;
    }

    /// <summary>%e of a non-negative finite value: mantissa, 'e', sign and at least two exponent digits.</summary>
    private static string Exp(double a, int prec, bool alt, out int exponent)
    {
        string s = a.ToString("E" + prec.ToString(Inv), Inv);
        int e = s.IndexOf('E');
        exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, Inv);
        string mant = s[..e];
        if (alt && prec == 0) mant += ".";
        int ae = Math.Abs(exponent);
        return mant + "e" + (exponent < 0 ? "-" : "+") + (ae < 10 ? "0" : "") + ae.ToString(Inv);
    }

    /// <summary>%g: %e when the exponent is below -4 or at least the precision, else %f; trailing zeros dropped unless '#'.</summary>
    private static string General(double a, int prec, bool alt)
    {
        int p = prec < 0 ? 6 : prec == 0 ? 1 : prec;
        int x = 0;
        if (a != 0) Exp(a, p - 1, false, out x);
        if (p > x && x >= -4)
        {
            string s = Fixed(a, p - 1 - x, alt);
            return alt ? s : StripZeros(s);
        }
        string es = Exp(a, p - 1, alt, out _);
        if (alt) return es;
        int k = es.IndexOf('e');
        return StripZeros(es[..k]) + es[k..];
    }

    private static string StripZeros(string s)
    {
        if (!s.Contains('.')) return s;
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s[..^1] : s;
    }
}
