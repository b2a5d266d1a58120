using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Contrastive.Core.Training;

/// <summary>
/// A method's own arguments that change training (SimCSE's pooler, temperature, dropout, ...; a recommender's
/// augmentations; a vision method's head and views; the model's shape) as flat "name = value" pairs, saved with a
/// checkpoint (<see cref="TrainingOptions.MethodSettings"/>) so that <c>--resume</c> refuses other values, naming each.
/// Values are read from option records by reflection: every public property, nested records flattened as
/// <c>part.Property.Inner</c>, lists joined with commas, numbers in the invariant culture (round-trip).
/// </summary>
public static class TrainingSettings
{
    const int MaxDepth = 4;

    /// <summary>The settings of <paramref name="parts"/>: each a name and an options record, scalar or list (null: "none").</summary>
    public static IReadOnlyDictionary<string, string> Describe(params (string Name, object? Value)[] parts)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parts) Add(settings, name, value, 0);
        return settings;
    }

    static void Add(SortedDictionary<string, string> settings, string name, object? value, int depth)
    {
        if (value is null || IsScalar(value.GetType()) || depth >= MaxDepth)
        {
            settings[name] = Format(value);
            return;
        }
        if (value is IEnumerable list)
        {
            settings[name] = string.Join(",", list.Cast<object?>().Select(Format));
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead) continue;
            object? inner;
            try
            {
                inner = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;   // a derived property that does not apply to these values
            }
            Add(settings, $"{name}.{property.Name}", inner, depth + 1);
        }
    }

    static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);
    }

    static string Format(object? value) => value switch
    {
        null => "none",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f when IsScalar(f.GetType()) => f.ToString(null, CultureInfo.InvariantCulture),
        _ when IsScalar(value.GetType()) => value.ToString() ?? "",
        _ => value.GetType().Name,
    };
}
