// Output-stationary MAC processing element: acc <= acc + a*b on every valid beat.
//
// Operands move on: a (with its beat flags) to the right, b downwards, one register
// each. A beat flagged `first` starts a new tile (the accumulator restarts from the
// product, so it needs no clear cycle); a beat flagged `last` copies the finished sum
// into result_o, which holds it while the next tile accumulates.
// Only the valid flag is reset: datapath registers are qualified by it.
`resetall
`default_nettype none
module os_pe_mac #(
  // Multiplicand (a) width and signedness.
  parameter integer A_WIDTH = 8,
  parameter integer A_SIGNED = 1,
  // Multiplier (b) width and signedness.
  parameter integer B_WIDTH = 8,
  parameter integer B_SIGNED = 1,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire [A_WIDTH-1:0] a_i,
  input  wire               valid_i,
  input  wire               first_i,
  input  wire               last_i,
  input  wire [B_WIDTH-1:0] b_i,
  output reg  [A_WIDTH-1:0] a_o,
  output reg                valid_o,
  output reg                first_o,
  output reg                last_o,
  output reg  [B_WIDTH-1:0] b_o,
  output reg  [C_WIDTH-1:0] result_o
);
  // Unsigned operands get one zero bit on top so that one signed multiply serves
  // every sign mode; signed operands are used as they are.
  localparam integer AX_WIDTH = A_WIDTH + (A_SIGNED != 0 ? 0 : 1);
  localparam integer BX_WIDTH = B_WIDTH + (B_SIGNED != 0 ? 0 : 1);
  localparam integer P_WIDTH = AX_WIDTH + BX_WIDTH;

  wire signed [AX_WIDTH-1:0] a_ext;
  wire signed [BX_WIDTH-1:0] b_ext;
  // With a wrapping accumulator narrower than the product, its top bits go unused.
  /* verilator lint_off UNUSEDSIGNAL */
  wire signed [P_WIDTH-1:0]  product;
  /* verilator lint_on UNUSEDSIGNAL */
  wire        [C_WIDTH-1:0]  product_c;
  reg         [C_WIDTH-1:0]  acc_q;
  wire        [C_WIDTH-1:0]  acc_d;

  generate
    if (A_SIGNED != 0) begin : gen_a_signed
      assign a_ext = a_i;
    end else begin : gen_a_unsigned
      assign a_ext = {1'b0, a_i};
    end
    if (B_SIGNED != 0) begin : gen_b_signed
      assign b_ext = b_i;
    end else begin : gen_b_unsigned
      assign b_ext = {1'b0, b_i};
    end
    // The product is sign-extended or truncated to the accumulator width.
    if (C_WIDTH > P_WIDTH) begin : gen_product_extend
      assign product_c = {{(C_WIDTH - P_WIDTH){product[P_WIDTH-1]}}, product};
    end else begin : gen_product_truncate
      assign product_c = product[C_WIDTH-1:0];
    end
  endgenerate

  assign product = a_ext * b_ext;
  assign acc_d = (first_i ? {C_WIDTH{1'b0}} : acc_q) + product_c;

  always @(posedge clk_i) begin
    a_o     <= a_i;
    b_o     <= b_i;
    first_o <= first_i;
    last_o  <= last_i;
    if (valid_i) acc_q <= acc_d;
    if (valid_i && last_i) result_o <= acc_d;
  end

  always @(posedge clk_i) begin
    if (!rst_ni) valid_o <= 1'b0;
    else         valid_o <= valid_i;
  end
endmodule
`resetall
