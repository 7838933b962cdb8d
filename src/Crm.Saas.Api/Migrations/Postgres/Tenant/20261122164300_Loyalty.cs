using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Postgres.Tenant
{
    /// <inheritdoc />
    public partial class Loyalty : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "loyalty_accounts",
                columns: table => new
                {
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    balance = table.Column<long>(type: "bigint", nullable: false),
                    shortfall = table.Column<long>(type: "bigint", nullable: false),
                    tier = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_accounts", x => x.customer_id);
                    table.CheckConstraint("ck_loyalty_accounts_balance", "balance >= 0 AND shortfall >= 0");
                    table.ForeignKey(
                        name: "fk_loyalty_accounts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "loyalty_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    points = table.Column<long>(type: "bigint", nullable: false),
                    balance_after = table.Column<long>(type: "bigint", nullable: false),
                    shortfall_after = table.Column<long>(type: "bigint", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    purchase_id = table.Column<Guid>(type: "uuid", nullable: true),
                    refund_id = table.Column<Guid>(type: "uuid", nullable: true),
                    complaint_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reverses_entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    actor_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    dedup_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_loyalty_entries_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "loyalty_programs",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    points_per_unit = table.Column<int>(type: "integer", nullable: false),
                    unit_amount = table.Column<long>(type: "bigint", nullable: false),
                    rounding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    first_purchase_bonus = table.Column<long>(type: "bigint", nullable: false),
                    birthday_bonus = table.Column<long>(type: "bigint", nullable: false),
                    validity_months = table.Column<int>(type: "integer", nullable: false),
                    minimum_redemption = table.Column<long>(type: "bigint", nullable: false),
                    tier_basis = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    tiers = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_programs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "loyalty_lots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    points = table.Column<long>(type: "bigint", nullable: false),
                    remaining = table.Column<long>(type: "bigint", nullable: false),
                    earned_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_lots", x => x.id);
                    table.CheckConstraint("ck_loyalty_lots_remaining", "remaining >= 0 AND remaining <= points");
                    table.ForeignKey(
                        name: "fk_loyalty_lots_loyalty_entries_id",
                        column: x => x.id,
                        principalTable: "loyalty_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_entries_customer_id_dedup_key",
                table: "loyalty_entries",
                columns: new[] { "customer_id", "dedup_key" },
                unique: true,
                filter: "dedup_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_entries_customer_id_occurred_at_id",
                table: "loyalty_entries",
                columns: new[] { "customer_id", "occurred_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_entries_occurred_at",
                table: "loyalty_entries",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_entries_purchase_id",
                table: "loyalty_entries",
                column: "purchase_id",
                filter: "purchase_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_lots_customer_id_expires_at",
                table: "loyalty_lots",
                columns: new[] { "customer_id", "expires_at" },
                filter: "remaining > 0");

            migrationBuilder.CreateIndex(
                name: "ix_loyalty_lots_expires_at",
                table: "loyalty_lots",
                column: "expires_at",
                filter: "remaining > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "loyalty_accounts");

            migrationBuilder.DropTable(
                name: "loyalty_lots");

            migrationBuilder.DropTable(
                name: "loyalty_programs");

            migrationBuilder.DropTable(
                name: "loyalty_entries");
        }
    }
}
