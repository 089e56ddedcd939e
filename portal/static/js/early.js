// Runs before the page is drawn: marks that JavaScript is on, so the phone menu starts folded
// (without JavaScript the menu is simply always open).
document.documentElement.classList.add("js");
