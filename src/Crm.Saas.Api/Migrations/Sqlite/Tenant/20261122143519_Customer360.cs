using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Sqlite.Tenant
{
    /// <inheritdoc />
    public partial class Customer360 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "change_version",
                table: "customers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "customers",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "first_purchase_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "frequency_score",
                table: "customers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "lapsed_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_purchase_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "lifetime_spend",
                table: "customers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "monetary_score",
                table: "customers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "purchase_count",
                table: "customers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "recency_score",
                table: "customers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "segment",
                table: "customers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    is_primary = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contacts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    entity_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    data = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "interactions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    recorded_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_interactions", x => x.id);
                    table.ForeignKey(
                        name: "fk_interactions_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lifecycle_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    lapse_days = table.Column<int>(type: "INTEGER", nullable: false),
                    loyal_min_purchases = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lifecycle_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "purchases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    external_ref = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    refunded_amount = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    lines = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_purchases", x => x.id);
                    table.ForeignKey(
                        name: "fk_purchases_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "refunds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    purchase_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_refunds", x => x.id);
                    table.ForeignKey(
                        name: "fk_refunds_purchases_purchase_id",
                        column: x => x.purchase_id,
                        principalTable: "purchases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customers_change_version_id",
                table: "customers",
                columns: new[] { "change_version", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_external_id",
                table: "customers",
                column: "external_id",
                unique: true,
                filter: "deleted_at IS NULL AND external_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_lifecycle_stage",
                table: "customers",
                column: "lifecycle_stage");

            migrationBuilder.CreateIndex(
                name: "ix_customers_segment",
                table: "customers",
                column: "segment");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_customer_id_id",
                table: "contacts",
                columns: new[] { "customer_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_one_primary",
                table: "contacts",
                column: "customer_id",
                unique: true,
                filter: "is_primary AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customer_events_customer_id_occurred_at_id",
                table: "customer_events",
                columns: new[] { "customer_id", "occurred_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_interactions_customer_id_occurred_at",
                table: "interactions",
                columns: new[] { "customer_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_purchases_customer_id_occurred_at",
                table: "purchases",
                columns: new[] { "customer_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_purchases_external_ref",
                table: "purchases",
                column: "external_ref",
                unique: true,
                filter: "external_ref IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_purchases_occurred_at",
                table: "purchases",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_refunds_purchase_id",
                table: "refunds",
                column: "purchase_id");

            // SQLite has one writer at a time, so a counter taken inside the write is already in commit order.
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_change_version_insert AFTER INSERT ON customers
                BEGIN
                    UPDATE customers SET change_version = (SELECT coalesce(max(change_version), 0) + 1 FROM customers) WHERE id = NEW.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_change_version AFTER UPDATE ON customers
                WHEN NEW.change_version = OLD.change_version
                BEGIN
                    UPDATE customers SET change_version = (SELECT coalesce(max(change_version), 0) + 1 FROM customers) WHERE id = NEW.id;
                END;
                """);
            migrationBuilder.Sql("UPDATE customers SET change_version = rowid;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS customers_change_version_insert; DROP TRIGGER IF EXISTS customers_change_version;");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "customer_events");

            migrationBuilder.DropTable(
                name: "interactions");

            migrationBuilder.DropTable(
                name: "lifecycle_settings");

            migrationBuilder.DropTable(
                name: "refunds");

            migrationBuilder.DropTable(
                name: "purchases");

            migrationBuilder.DropIndex(
                name: "ix_customers_change_version_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_external_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_lifecycle_stage",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_segment",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "change_version",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "first_purchase_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "frequency_score",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "lapsed_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "last_purchase_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "lifetime_spend",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "monetary_score",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "purchase_count",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "recency_score",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "segment",
                table: "customers");
        }
    }
}
