namespace Crm.Saas.Architecture.Tests;

/// <summary>A type named like a namespace it lives in makes every mention of either ambiguous (CA1724's concern).</summary>
public sealed class NamingTests
{
    [Fact]
    public void No_type_is_named_like_a_segment_of_its_own_namespace()
    {
        var clashes = typeof(Program).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace is not null && t.Namespace.Split('.').Contains(t.Name))
            .Select(t => t.FullName)
            .Order()
            .ToList();

        Assert.True(clashes.Count == 0, "Rename these types:\n" + string.Join("\n", clashes));
    }
}
