using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace Crm.Saas.Architecture.Tests;

/// <summary>The API assembly as ArchUnitNET reads it (IL, so method bodies count), loaded once for all rules.</summary>
internal static class ApiArchitecture
{
    public const string FeaturesNamespace = "Crm.Saas.Api.Features.";

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Loaded =
        new(() => new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build());

    public static ArchUnitNET.Domain.Architecture Value => Loaded.Value;

    /// <summary>"Customers" for Crm.Saas.Api.Features.Customers(.Anything), else null.</summary>
    public static string? FeatureOf(IType type)
    {
        var ns = type.Namespace.FullName;
        return ns.StartsWith(FeaturesNamespace, StringComparison.Ordinal) ? ns[FeaturesNamespace.Length..].Split('.')[0] : null;
    }

    /// <summary>A feature's surface for others: anything in its Contracts namespace.</summary>
    public static bool IsContract(IType type) =>
        type.Namespace.FullName == FeaturesNamespace + FeatureOf(type) + ".Contracts";

    /// <summary>The outermost declaring type's name within its namespace ("Customer", not "Customer+&lt;&gt;c").</summary>
    public static string TopLevelName(IType type)
    {
        var name = type.FullName.Split('+')[0];
        return name[(type.Namespace.FullName.Length + 1)..];
    }

    /// <summary>Every (from, to) type pair where from's feature differs from to's feature.</summary>
    public static IEnumerable<(IType From, IType To)> CrossFeatureDependencies() =>
        from type in Value.Types
        let source = FeatureOf(type)
        where source is not null
        from dependency in type.Dependencies
        let target = dependency.Target
        where target is not GenericParameter
        let destination = FeatureOf(target)
        where destination is not null && destination != source
        select (type, target);
}
