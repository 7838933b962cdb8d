using System.Reflection;
using ServerScopes = Crm.Saas.Api.Infrastructure.Auth.Scopes;
using ClientScopes = Crm.Saas.Client.Scopes;

namespace Crm.Saas.Api.Tests.Sdk;

/// <summary>
/// The C# SDK's scope constants are the server's scope list, no more and no less: a scope added to the server
/// (as mails and campaigns were) fails here until the SDK offers it too, under the same name.
/// </summary>
public sealed class ClientScopesTests
{
    private static Dictionary<string, string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);

    [Fact]
    public void The_sdk_names_every_scope_the_server_knows_and_no_other()
    {
        var client = Constants(typeof(ClientScopes));
        Assert.Equal(ServerScopes.All.Order(StringComparer.Ordinal), client.Values.Order(StringComparer.Ordinal));
        Assert.Equal(Constants(typeof(ServerScopes)).OrderBy(c => c.Key, StringComparer.Ordinal), client.OrderBy(c => c.Key, StringComparer.Ordinal));
    }
}
