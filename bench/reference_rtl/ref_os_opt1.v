// A hand-written output-stationary OPT1 (carry-save) array in the straightforward way, as
// in the TPE paper: each PE forms the radix-4 Booth partial products of a*b, sign-extends
// each to the accumulator width, and compresses them with its (sum, carry) pair in a
// tree of vector 3:2 carry-save adders; no carry-propagate adder in the loop. The final
// add is left outside the array (the paper's test bench does it): c_sum + c_carry.
// The baseline bitloom's generated OPT1 arrays are measured against (bench_reference).
`default_nettype none
module ref_os_opt1 #(
  parameter integer ROWS = 8,
  parameter integer COLS = 8,
  parameter integer C_WIDTH = 28
) (
  input  wire                          clk,
  input  wire                          clear,
  input  wire [ROWS*8-1:0]             a_in,
  input  wire [COLS*8-1:0]             b_in,
  output wire [ROWS*COLS*C_WIDTH-1:0]  c_sum,
  output wire [ROWS*COLS*C_WIDTH-1:0]  c_carry
);
  wire [ROWS*(COLS+1)*8-1:0] a_link;
  wire [(ROWS+1)*COLS*8-1:0] b_link;
  wire [ROWS*(COLS+1)-1:0]   clear_link;
  genvar i, j;
  generate
    for (i = 0; i < ROWS; i = i + 1) begin : row_in
      assign a_link[i*(COLS+1)*8 +: 8] = a_in[i*8 +: 8];
      assign clear_link[i*(COLS+1)] = clear;
    end
    for (j = 0; j < COLS; j = j + 1) begin : col_in
      assign b_link[j*8 +: 8] = b_in[j*8 +: 8];
    end
    for (i = 0; i < ROWS; i = i + 1) begin : row
      for (j = 0; j < COLS; j = j + 1) begin : col
        ref_opt1_pe #(.C_WIDTH(C_WIDTH)) pe (
          .clk     (clk),
          .clear_i (clear_link[i*(COLS+1)+j]),
          .a_i     (a_link[(i*(COLS+1)+j)*8 +: 8]),
          .b_i     (b_link[(i*COLS+j)*8 +: 8]),
          .clear_o (clear_link[i*(COLS+1)+j+1]),
          .a_o     (a_link[(i*(COLS+1)+j+1)*8 +: 8]),
          .b_o     (b_link[((i+1)*COLS+j)*8 +: 8]),
          .sum_o   (c_sum[(i*COLS+j)*C_WIDTH +: C_WIDTH]),
          .carry_o (c_carry[(i*COLS+j)*C_WIDTH +: C_WIDTH])
        );
      end
    end
  endgenerate
endmodule

// int8 x int8 carry-save PE.
module ref_opt1_pe #(
  parameter integer C_WIDTH = 28
) (
  input  wire               clk,
  input  wire               clear_i,
  input  wire [7:0]         a_i,
  input  wire [7:0]         b_i,
  output reg                clear_o,
  output reg  [7:0]         a_o,
  output reg  [7:0]         b_o,
  output reg  [C_WIDTH-1:0] sum_o,
  output reg  [C_WIDTH-1:0] carry_o
);
  // Radix-4 Booth: digit d from a[2d+1], a[2d], a[2d-1] (a[-1] = 0), each in {0, +-b, +-2b}.
  wire [8:0] a_ext = {a_i, 1'b0};
  wire signed [C_WIDTH-1:0] b_w = {{(C_WIDTH-8){b_i[7]}}, b_i};
  function [C_WIDTH-1:0] booth_pp(input [2:0] bits, input [C_WIDTH-1:0] b);
    case (bits)
      3'b001, 3'b010: booth_pp = b;
      3'b011:         booth_pp = b << 1;
      3'b100:         booth_pp = -(b << 1);
      3'b101, 3'b110: booth_pp = -b;
      default:        booth_pp = {C_WIDTH{1'b0}};
    endcase
  endfunction
  wire [C_WIDTH-1:0] pp0 = booth_pp(a_ext[2:0], b_w);
  wire [C_WIDTH-1:0] pp1 = booth_pp(a_ext[4:2], b_w) << 2;
  wire [C_WIDTH-1:0] pp2 = booth_pp(a_ext[6:4], b_w) << 4;
  wire [C_WIDTH-1:0] pp3 = booth_pp(a_ext[8:6], b_w) << 6;
  wire [C_WIDTH-1:0] acc_s = clear_i ? {C_WIDTH{1'b0}} : sum_o;
  wire [C_WIDTH-1:0] acc_c = clear_i ? {C_WIDTH{1'b0}} : carry_o;

  // Vector carry-save adders: (x, y, z) -> (x ^ y ^ z, majority << 1).
  function [2*C_WIDTH-1:0] csa(input [C_WIDTH-1:0] x, input [C_WIDTH-1:0] y, input [C_WIDTH-1:0] z);
    csa = {((x & y) | (y & z) | (x & z)) << 1, x ^ y ^ z};
  endfunction
  wire [2*C_WIDTH-1:0] l1a = csa(pp0, pp1, pp2);
  wire [2*C_WIDTH-1:0] l1b = csa(pp3, acc_s, acc_c);
  wire [2*C_WIDTH-1:0] l2  = csa(l1a[C_WIDTH-1:0], l1a[2*C_WIDTH-1:C_WIDTH], l1b[C_WIDTH-1:0]);
  wire [2*C_WIDTH-1:0] l3  = csa(l2[C_WIDTH-1:0], l2[2*C_WIDTH-1:C_WIDTH], l1b[2*C_WIDTH-1:C_WIDTH]);

  always @(posedge clk) begin
    a_o     <= a_i;
    b_o     <= b_i;
    clear_o <= clear_i;
    sum_o   <= l3[C_WIDTH-1:0];
    carry_o <= l3[2*C_WIDTH-1:C_WIDTH];
  end
endmodule
